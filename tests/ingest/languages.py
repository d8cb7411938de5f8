"""Real prose in several languages and scripts, long enough (over 400 letters each) for the text
check to judge how its letters are used, as a case file would hold it."""

FRENCH = (
    "Le témoin, Mme Hélène Lefèvre, déclare avoir vu deux hommes décharger des cartons d'une camionnette "
    "blanche devant l'entrepôt de la rue des Écoles, vers vingt-deux heures, le mardi précédent. Elle précise "
    "que l'un d'eux portait une veste de cuir et parlait espagnol au téléphone. Interrogée sur la durée de la "
    "scène, elle estime qu'elle a duré une dizaine de minutes, après quoi la camionnette est repartie vers le "
    "périphérique. Le gérant du café voisin, M. François Dubœuf, confirme avoir entendu des éclats de voix et "
    "remarque que la même camionnette était déjà garée là le jeudi de la semaine d'avant. Les enquêteurs ont "
    "demandé les images des caméras de la ville et les relevés téléphoniques du numéro composé ce soir-là."
)
GERMAN = (
    "Der Zeuge Jürgen Müller gab an, er habe am Freitagabend gegen einundzwanzig Uhr zwei Männer beobachtet, "
    "die vor der Lagerhalle in der Schloßstraße mehrere Kisten aus einem grauen Lieferwagen geladen hätten. "
    "Einer der Männer sei groß gewesen, habe eine dunkle Mütze getragen und mit einem auffälligen Akzent "
    "gesprochen. Auf die Frage, ob er die Männer wiedererkennen würde, antwortete er, dass er sich bei dem "
    "größeren ziemlich sicher sei. Die Nachbarin, Frau Schäfer, bestätigte, dass der Wagen öfter nachts vor "
    "dem Gebäude stehe und dass sie deshalb schon einmal die Polizei gerufen habe. Die Ermittler prüfen nun "
    "die Aufnahmen der Überwachungskameras und die Verbindungsdaten des Mobiltelefons."
)
SPANISH = (
    "El testigo, don José Peña Núñez, declaró que el miércoles por la noche vio a dos hombres descargar cajas "
    "de una furgoneta azul frente al almacén de la calle Mayor. Según su declaración, uno de ellos llevaba una "
    "chaqueta de cuero y hablaba por teléfono con alguien a quien llamaba «el Güero». Cuando se le preguntó si "
    "podría reconocerlos, respondió que sí, porque había visto al más alto en el bar de la esquina varias veces "
    "durante el último año. La dueña del bar, doña María Ibáñez, confirmó que ese hombre solía pagar en "
    "efectivo y que a veces dejaba paquetes en la barra para que otro cliente los recogiera más tarde. La "
    "policía ha solicitado las grabaciones de las cámaras y el registro de las llamadas de esa noche."
)
RUSSIAN = (
    "Свидетель Иван Петрович Смирнов показал, что во вторник около десяти часов вечера он видел, как двое "
    "мужчин выгружали коробки из белого фургона у склада на улице Ленина. По его словам, один из них был "
    "высокого роста, в кожаной куртке, и говорил по телефону с человеком, которого называл Михаилом. На вопрос, "
    "сможет ли он опознать этих людей, свидетель ответил, что уверен насчёт высокого, так как не раз видел его "
    "в кафе напротив. Владелица кафе, Анна Сергеевна Козлова, подтвердила, что этот мужчина часто расплачивался "
    "наличными и оставлял свёртки у стойки. Следователи запросили записи городских камер и сведения о звонках."
)
GREEK = (
    "Ο μάρτυρας, Γιώργος Παπαδόπουλος, δήλωσε ότι την Τρίτη το βράδυ, γύρω στις δέκα, είδε δύο άνδρες να "
    "ξεφορτώνουν κούτες από ένα λευκό φορτηγάκι μπροστά στην αποθήκη της οδού Ερμού. Σύμφωνα με την κατάθεσή "
    "του, ο ένας από αυτούς ήταν ψηλός, φορούσε δερμάτινο μπουφάν και μιλούσε στο τηλέφωνο με κάποιον που "
    "αποκαλούσε Νίκο. Όταν ρωτήθηκε αν θα μπορούσε να τους αναγνωρίσει, απάντησε ότι είναι σίγουρος για τον "
    "ψηλό, επειδή τον είχε δει πολλές φορές στο καφενείο της γωνίας. Η ιδιοκτήτρια του καφενείου, η κυρία "
    "Μαρία Γεωργίου, επιβεβαίωσε ότι ο άνδρας πλήρωνε πάντα με μετρητά. Οι αστυνομικοί ζήτησαν τα βίντεο από "
    "τις κάμερες της περιοχής και τα στοιχεία των κλήσεων εκείνης της νύχτας."
)
CHINESE = (
    "证人王建国在笔录中说，上周二晚上十点左右，他在城东仓库门口看到两名男子从一辆白色面包车上卸下几十个纸箱。"
    "他说其中一个人个子很高，穿着黑色皮夹克，一直在用手机和一个叫老李的人说话，口音像是南方人。"
    "警察问他能不能认出这两个人，他回答说那个高个子他肯定认得，因为以前在街对面的小饭馆里见过他好几次。"
    "小饭馆的老板娘张丽华也证实，这个男人经常用现金付账，有时候还会把包裹放在柜台上，让另一个客人晚些时候来取。"
    "她还说，上个月有一天晚上，这个人和另外三个人在店里一直坐到半夜，说话声音很小，好像不想让别人听见。"
    "根据这些情况，办案人员已经调取了附近道路的监控录像，并向电信公司申请查询那天晚上的通话记录。"
    "下一步，警方打算请证人辨认照片，同时核实面包车的车牌号码和车主的身份，看看这辆车最近一个月去过哪些地方。"
    "如果证人的说法得到证实，这个案子可能和去年在城西发现的那批货有关系，两个案子的时间和方式都很相似。"
    "办案人员认为，这些人很可能是同一个团伙的成员，他们经常在晚上活动，而且每次都换不同的车。"
)
ARABIC = (
    "قال الشاهد أحمد محمود في إفادته إنه رأى مساء يوم الثلاثاء نحو الساعة العاشرة رجلين يفرغان صناديق من شاحنة "
    "بيضاء صغيرة أمام المستودع في شارع الجمهورية. وأضاف أن أحدهما كان طويل القامة ويرتدي سترة جلدية سوداء، "
    "وكان يتحدث في الهاتف مع شخص يناديه باسم خالد. وعندما سئل عما إذا كان يستطيع التعرف عليهما، أجاب بأنه "
    "متأكد من الرجل الطويل لأنه رآه عدة مرات في المقهى المقابل. وأكدت صاحبة المقهى السيدة فاطمة حسن أن هذا "
    "الرجل كان يدفع دائما نقدا، وأنه كان يترك أحيانا طرودا على الطاولة ليأخذها زبون آخر في وقت لاحق. وقد طلب "
    "المحققون تسجيلات كاميرات المراقبة في المنطقة وسجلات المكالمات الهاتفية في تلك الليلة."
)
#: Prose by language, each in the scripts its writers use.
PROSE = {
    "French": FRENCH,
    "German": GERMAN,
    "Spanish": SPANISH,
    "Russian": RUSSIAN,
    "Greek": GREEK,
    "Chinese": CHINESE,
    "Arabic": ARABIC,
}
#: The languages a single-byte Western charset (Latin-1, Windows-1252) can write.
WESTERN = ("French", "German", "Spanish")
