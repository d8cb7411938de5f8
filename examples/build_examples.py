# ruff: noqa: E501 - the example documents are prose, one paragraph per line
"""Write the example case (a fictional investigation, written for nerpipe) in the formats analysts
receive: a two-page PDF incident report, a Word affidavit, a saved press release, an e-mail with an
attachment and a plain-text witness statement. Run it to regenerate the files:

    .venv/bin/python examples/build_examples.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from email.message import EmailMessage
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).resolve().parent / "operation_harbor_light"

REPORT_PAGES = [
    """HARBOR CITY POLICE DEPARTMENT - INCIDENT REPORT 26-04417

Date of incident: March 14, 2026, 22:40
Reporting officer: Officer Dana Kowalski, Patrol Division

Narrative: While on patrol on Dock Street, I stopped a grey Toyota Camry for a broken tail light. The driver identified himself as Marco Salazar. The passenger was Denise Whitfield. Salazar appeared nervous and said they were coming from Tijuana.

A K-9 unit alerted on the trunk. In a backpack officers found about 2,000 blue pills stamped M30, later field-tested positive for fentanyl, and $12,400 in cash. A loaded Glock 19 was recovered from under the driver's seat.""",
    """Whitfield stated that the pills belonged to Luis Ortega, whom she described as a courier for the Sinaloa Cartel. She said Salazar sells to members of the Latin Kings on the east side of Harbor City.

Salazar and Whitfield were arrested and taken to the Harbor County Jail. Evidence was logged under item numbers 26-04417-01 to 26-04417-05. Detective Ray Moreno of the Narcotics Unit was notified and took over the investigation.""",
]

AFFIDAVIT = [
    "AFFIDAVIT IN SUPPORT OF AN APPLICATION FOR A SEARCH WARRANT",
    "I, Special Agent Karen Liu of the Drug Enforcement Administration, being duly sworn, state as follows.",
    "Since January 2026 the DEA and the Harbor City Police Department have investigated a fentanyl "
    "distribution network led by Marco Salazar. A confidential source reported that Salazar receives "
    "fentanyl and methamphetamine from Luis Ortega, a courier for the Sinaloa Cartel, at a warehouse at "
    "118 Pier Road.",
    "On March 14, 2026, Salazar was stopped by Harbor City police with about 2,000 counterfeit M30 pills "
    "containing fentanyl and a Glock 19. His passenger, Denise Whitfield, told officers that Ortega "
    "supplied the pills.",
    "Bank records show that Salazar wired $85,000 to an account in Tijuana controlled by Ortega between "
    "February and April 2026. Phone records show 143 calls between Salazar and Kevin Marsh, a member of "
    "the Hells Angels, who is believed to distribute methamphetamine in Bay County.",
    "Based on the foregoing, I respectfully submit that there is probable cause to search 118 Pier Road.",
]
AFFIDAVIT_TABLE = [
    ["Name", "Role", "Date of birth"],
    ["Marco Salazar", "distributor", "1988-06-02"],
    ["Luis Ortega", "courier", "1979-11-20"],
    ["Kevin Marsh", "buyer", "1975-03-09"],
]

PRESS_RELEASE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Four Charged in Fentanyl Trafficking Conspiracy | U.S. Attorney's Office</title>
<script>window.analytics = {track: function () {}};</script><style>body {font-family: serif}</style></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<h1>Four Charged in Fentanyl Trafficking Conspiracy</h1>
<p>HARBOR CITY &ndash; A federal grand jury returned an indictment on May 2, 2026, charging four people with
conspiracy to distribute fentanyl and methamphetamine, U.S. Attorney Elena Brooks announced today.</p>
<p>According to the indictment, Marco Salazar, 37, of Harbor City, obtained fentanyl pills from Luis Ortega,
46, a courier for the Sinaloa Cartel, and resold them to members of the Latin Kings. Denise Whitfield, 29,
is charged with transporting the drugs from Tijuana. Kevin Marsh, 51, an associate of the Hells Angels,
is charged with distributing methamphetamine supplied by Salazar.</p>
<p>The case was investigated by the Drug Enforcement Administration and the Harbor City Police Department.
Assistant U.S. Attorney Michael Grant is prosecuting the case.</p>
<p>An indictment is merely an allegation; all defendants are presumed innocent until proven guilty.</p>
<footer>U.S. Attorney's Office, District of Harbor</footer></body></html>
"""

EMAIL_BODY = """Team,

Surveillance on April 22 saw Denise Whitfield meet Luis Ortega at the Pier Road warehouse. Ortega arrived
in a white Ford Transit with Baja California plates and left after twenty minutes.

Kevin Marsh called Marco Salazar twice that evening. The Hells Angels clubhouse on Route 9 is our next
surveillance target.

The witness statement from the warehouse guard is attached.

Det. Ray Moreno
Narcotics Unit, Harbor City Police Department
"""

STATEMENT = """WITNESS STATEMENT

Name: Thomas Reyes, night guard at 118 Pier Road

On April 22, 2026 around 21:00 I saw a woman I now know as Denise Whitfield talk with a man called Luis
in the loading bay. Luis carried two heavy duffel bags into the office of Marco Salazar.

I have seen Salazar with men wearing Latin Kings colours several times. Once Salazar told me the
"product" came from Tijuana and that the Sinaloa Cartel did not like delays.
"""


OLD_MEMO = [
    "HARBOR CITY POLICE DEPARTMENT - INTELLIGENCE MEMO (2019)",
    "Subject: Luis Ortega, also known as El Flaco",
    "Source reporting from 2019 places Luis Ortega in Tijuana as a driver for the Sinaloa Cartel. "
    "Ortega was stopped in El Centro in August 2019 with 4 kilograms of methamphetamine but was released "
    "when the search was suppressed.",
    "The same source named Marco Salazar as a small-scale cocaine dealer selling to members of the Latin "
    "Kings in Harbor City.",
    "Prepared by Detective Ray Moreno.",
]


def old_memo_doc() -> bytes | None:
    """A Word 97-2003 file, as old case files are: written as .docx, then converted by LibreOffice
    (`soffice`, when installed) to .doc. None when LibreOffice is not there."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    document = docx.Document()
    document.core_properties.author = "Det. Ray Moreno"
    for paragraph in OLD_MEMO:
        document.add_paragraph(paragraph)
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "intelligence_memo_2019.docx"
        document.save(source)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "doc", "--outdir", work, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(work) / "intelligence_memo_2019.doc").read_bytes()


def report_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_title("Incident report 26-04417")
    pdf.set_author("Officer Dana Kowalski")
    pdf.set_font("helvetica", size=11)
    for page in REPORT_PAGES:
        pdf.add_page()
        pdf.multi_cell(0, 6, page)
    return bytes(pdf.output())


def affidavit_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Affidavit for search warrant, 118 Pier Road"
    document.core_properties.author = "SA Karen Liu"
    document.sections[0].header.paragraphs[0].text = "UNITED STATES DISTRICT COURT - DISTRICT OF HARBOR"
    for index, paragraph in enumerate(AFFIDAVIT):
        document.add_paragraph(paragraph)
        if index == 3:
            table = document.add_table(rows=len(AFFIDAVIT_TABLE), cols=3)
            for r, row in enumerate(AFFIDAVIT_TABLE):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tip_email() -> bytes:
    message = EmailMessage()
    message["From"] = "Ray Moreno <rmoreno@harborcity-pd.example>"
    message["To"] = "Karen Liu <kliu@dea.example>"
    message["Cc"] = "Narcotics Task Force <ntf@harborcity-pd.example>"
    message["Subject"] = "Pier Road surveillance, April 22"
    message["Date"] = "Thu, 23 Apr 2026 08:12:00 -0700"
    message.set_content(EMAIL_BODY)
    message.add_attachment(STATEMENT.encode(), maintype="text", subtype="plain", filename="guard_statement.txt")
    return message.as_bytes()


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "incident_report_26-04417.pdf").write_bytes(report_pdf())
    (HERE / "affidavit_pier_road.docx").write_bytes(affidavit_docx())
    (HERE / "press_release_indictment.html").write_text(PRESS_RELEASE, encoding="utf-8")
    (HERE / "surveillance_tip.eml").write_bytes(tip_email())
    (HERE / "witness_statement_reyes.txt").write_text(STATEMENT, encoding="utf-8")
    memo = old_memo_doc()
    if memo is not None:
        (HERE / "intelligence_memo_2019.doc").write_bytes(memo)
    for path in sorted(HERE.iterdir()):
        print(path)


if __name__ == "__main__":
    main()
