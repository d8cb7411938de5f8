"""Write the annotated training, dev and test sets (Label Studio JSON-MIN) and the unlabelled rehearsal text.

Everything here was written for nerpipe in the register of case files: incident reports, affidavits,
indictments and press releases, intelligence summaries, witness statements, lab reports, intercepted
messages, e-mail and form headers. An example is a short passage of one to three sentences from one
register about one cast (a person named in full and then by surname, the way reports do), sometimes
under a header line, sometimes wrapped like text from a PDF.

Train and dev are written separately: their sentence frames and all their names (drugs, gangs,
weapons, people, streets) are disjoint, so the dev score measures what the model learned from
context. The test set was written later, apart from both, and is only scored (README.md). Many names
are deliberately absent from patterns/, and hard negatives teach what is NOT an
entity: ice on a road, a crystal vase, people called Crystal or Molly, "cartel" and "gang" as common
nouns, a gang task force (ORG), streets that share a word with a gang, vehicles, case numbers.

    .venv/bin/python training_data/build_training_data.py
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261121
TRAIN_COUNT, DEV_COUNT, UNLABELLED_COUNT, TEST_COUNT = 3000, 400, 900, 300
#: Words in a row that a dev frame may not share with any training frame (check_shapes).
SHAPE_RUN = 5


@dataclass(frozen=True)
class Names:
    """The names one split draws from; the two splits share none."""

    drugs: list[str]
    gangs: list[str]
    weapons: list[str]
    first: list[str]
    surnames: list[str]
    #: First names that are also drug slang or ordinary words: PERSON, never DRUG.
    tricky_first: list[str]
    orgs: list[str]
    places: list[str]
    streets: list[str]
    businesses: list[str]
    nicknames: list[str]
    #: Drug names made up for training (invented_drug_names), drawn for some of the drug slots.
    invented_drugs: list[str] = field(default_factory=list)


TRAIN = Names(
    drugs=[
        "crack",
        "meth",
        "crystal meth",
        "ecstasy",
        "ketamine",
        "OxyContin",
        "Percocet",
        "Xanax",
        "alprazolam",
        "xylazine",
        "carfentanil",
        "tianeptine",
        "phenibut",
        "bromazepam",
        "dipentylone",
        "hexahydrocannabinol",
        "HHC",
        "4-fluoroamphetamine",
        "deschloroketamine",
        "O-desmethyltramadol",
        "nitrous oxide",
        "promethazine syrup",
        "blues",
        "tina",
        "molly",
        "ice",
        "shards",
        "black tar",
        "zannies",
        "pressed pills",
        "bupe strips",
        "kush",
        "fent powder",
        "counterfeit oxys",
        "methoxphenidine",
        "desalkylgidazepam",
        "N-pyrrolidino etonitazene",
        "yayo",
        "china white",
        "dog food",
        "sherm",
        "lean",
        "xans",
        "roxies",
        "tranq",
        "fetty",
        "isotonitazene",
        "protonitazene",
        "bromazolam powder",
        "PCP",
        "LSD",
        "mushrooms",
        "cannabis",
        "hash oil",
        "codeine",
        "tramadol",
        "buprenorphine",
        "methadone",
        "GBL",
        "mephedrone",
        "flakka",
        "alpha-PVP",
        "spice",
        "K2",
        "synthetic cannabinoids",
        "boy",
        "girl",
        "rock",
        "hard",
        "smack",
        "blow",
        "coke",
        "weed",
        "skunk",
        "dabs",
        "wax",
        "benzos",
        "opana",
        "dilaudid",
        "gray death",
        "pressed blues",
        "white girl",
        "meth oil",
        "shatter",
        "butane hash oil",
        "pink powder",
        "nexus",
        "jib",
        "gabapentin",
        "sizzurp",
        "crystal",
    ],
    gangs=[
        "CJNG",
        "the Eastside Vipers",
        "Calle Oscura",
        "the Pier Street Boys",
        "Los Halcones Negros",
        "the 4-Block Crew",
        "the Ridgeway Mafia",
        "the Southside Savages",
        "the Black Harbor Posse",
        "La Familia Roja",
        "the Dock Rats",
        "the Iron Saints MC",
        "the Red Lantern Triad",
        "Los Cuervos",
        "the Westend Wolves",
        "the Millbrook Kings",
        "the Grove Street Hustlers",
        "the Northgate Syndicate",
        "the Bayfront Bloods",
        "the Steel Jackals",
        "the Kovač clan",
        "the Ortega organisation",
        "the Marsh brothers crew",
        "Tren del Norte",
        "the 88 Street Gangsters",
        "the Hollow Point Crew",
        "the Crimson Vipers MC",
        "the Moretti family",
        "the Petrov organisation",
        "the Santos clan",
        "the Okafor network",
        "the Lindgren syndicate",
        "Los Tigres del Puerto",
        "the Brickyard Crew",
        "the 21 Savage Boys",
        "the Shadow Kings",
        "the Vice Lords",
        "the Outlaws MC",
        "the Aryan Brotherhood",
        "the Mexican Mafia",
        "Los Zetas",
        "the Norte Boyz",
        "the Back Alley Bandits",
        "the Third Ward Soldiers",
        "the Cedar Hill Crew",
        "the Blackwater Syndicate",
        "the Ashford Boys",
        "Los Malditos",
        "the Gutter Kings",
        "the Low Bridge Gang",
        "the 600 Block",
        "the Young Money Family",
        "the Silver Dragons",
        "the Harbor Hill Mob",
        "Los Hermanos de la Costa",
        "Cártel del Pacífico Sur",
        "the Familia Michoacana",
        "Los Rojos de Tepito",
        "the Vory network",
        "the Albanian crew",
        "the Tiny Rascal Gang",
        "the Wah Ching",
        "the Dixie Mafia",
    ],
    weapons=[
        "Glock 19",
        "9mm pistol",
        "AR-15",
        "AK-47",
        "sawed-off shotgun",
        "revolver",
        "ghost gun",
        "Taurus pistol",
        "Smith & Wesson revolver",
        ".45 caliber handgun",
        "Hi-Point carbine",
        "Draco pistol",
        "Sig Sauer P365",
        "Mossberg 500",
        "machine pistol",
        "Glock switch",
        "Ruger Mini-14",
        "Kel-Tec PF-9",
        "Beretta 92",
        "12-gauge shotgun",
        "Glock 17",
        ".40 caliber Smith & Wesson",
        "AR-style rifle",
        "Tec-9",
        "Mac-10",
        "Remington 870",
        "Colt .45",
        "semi-automatic pistol",
    ],
    first=[
        "Marco",
        "Denise",
        "Luis",
        "Kevin",
        "Ana",
        "Carlos",
        "Tyrone",
        "Maria",
        "Jamal",
        "Erik",
        "Dmitri",
        "Keisha",
        "Hector",
        "Sean",
        "Lucy",
        "Andre",
        "Brian",
        "Nadia",
        "Ricardo",
        "Tasha",
        "Victor",
        "Jorge",
        "Megan",
        "DeShawn",
        "Irina",
        "Paul",
        "Rosa",
        "Terrence",
        "Elena",
        "Mohammed",
        "Chris",
        "Shanice",
        "Miguel",
        "Rebecca",
        "Ivan",
        "Latoya",
        "Ahmed",
        "Jessica",
        "Darius",
        "Sofia",
    ],
    surnames=[
        "Salazar",
        "Whitfield",
        "Ortega",
        "Marsh",
        "Ruiz",
        "Mendez",
        "Jackson",
        "Lopez",
        "Carter",
        "Novak",
        "Volkov",
        "Brown",
        "Ramirez",
        "O'Brien",
        "Chen",
        "Washington",
        "Kowalski",
        "Petrov",
        "Gutierrez",
        "Moreno",
        "Okafor",
        "Lindgren",
        "Silva",
        "Haddad",
        "Murphy",
        "Nguyen",
        "Castillo",
        "Reyes",
        "Baker",
        "Morales",
        "Kim",
        "Sokolov",
        "Thompson",
        "Alvarez",
        "Wright",
        "Dubois",
        "Jovanovic",
        "Price",
        "Santos",
        "Fischer",
        "Mahmoud",
        "Kelly",
        "Vargas",
        "Harris",
        "Romero",
        "Patel",
        "Ivanova",
        "Torres",
        "Hughes",
        "Delgado",
        "Lopez-Garcia",
        "Smith-Jones",
        "De la Cruz",
        "McAllister",
        "Van der Berg",
        "St. John",
        "Adeyemi",
        "Kozlov",
        "Bianchi",
        "Ferguson",
    ],
    tricky_first=["Crystal", "Molly", "Tina", "Candy", "Ginger", "Brandy", "Rocky", "Blaze"],
    orgs=[
        "the DEA",
        "the FBI",
        "the Harbor City Police Department",
        "the Gang Task Force",
        "Homeland Security",
        "the ATF",
        "the county crime lab",
        "the Narcotics Unit",
        "the U.S. Attorney's Office",
        "the Border Patrol",
        "the Coast Guard",
        "the state crime laboratory",
        "the Department of Justice",
        "Europol",
        "the National Crime Agency",
        "the Organized Crime Task Force",
        "the Special Investigations Unit",
        "the Drug Enforcement Administration",
        "the Bureau of Prisons",
        "Western Union",
        "Chase Bank",
        "the Internal Revenue Service",
        "the Federal Bureau of Investigation",
        "the Gang Enforcement Unit",
        "the Metro Narcotics Task Force",
        "the Bureau of Alcohol, Tobacco, Firearms and Explosives",
        "the Department of Corrections",
        "Wells Fargo",
        "the Sheriff's Office",
        "the Transit Police",
        "the Street Crimes Unit",
        "the Youth Violence Task Force",
        "the Public Defender's Office",
        "the Probation Department",
        "the Marine Unit",
        "the Traffic Division",
        "the State Patrol",
        "the Counter-Gang Squad",
        "the Anti-Crime Unit",
        "the Anti-Narcotics Bureau",
        "the Fugitive Task Force",
        "the Canine Unit",
        "the Police Athletic League",
        "the Port Authority",
        "the Gang Intelligence Unit",
        "Western Union",
        "PayPal",
        "the Evidence Unit",
    ],
    places=[
        "Tijuana",
        "Harbor City",
        "Phoenix",
        "El Paso",
        "Baltimore",
        "Chicago",
        "Sinaloa",
        "Rotterdam",
        "Denver",
        "Los Angeles",
        "Houston",
        "Atlanta",
        "Detroit",
        "Mexico",
        "California",
        "Texas",
        "Ohio",
        "Guadalajara",
        "Medellín",
        "Toronto",
        "Philadelphia",
        "Seattle",
        "Memphis",
        "New Jersey",
    ],
    streets=[
        "Pier Road",
        "Dock Street",
        "Route 9",
        "Grove Street",
        "Kings Road",
        "Marsh Avenue",
        "Bayfront Drive",
        "Cedar Hill Road",
        "Main Street",
        "Harbor Boulevard",
        "Ashford Lane",
        "Millbrook Court",
        "Westend Avenue",
        "Northgate Plaza",
        "Brickyard Lane",
        "Viper Way",
        "Hollow Road",
        "5th Street",
        "Interstate 10",
        "Low Bridge Road",
    ],
    businesses=[
        "the Lucky Star Car Wash",
        "the Sunset Motel",
        "Tony's Auto Repair",
        "the Golden Dragon restaurant",
        "a Shell gas station",
        "the Blue Anchor bar",
        "Quick Cash Pawn",
        "the Palms Motel",
        "a Walmart parking lot",
        "the Riverside Laundromat",
        "the Silver Spoon Diner",
        "Kings Liquor",
        "the Royal Crown Hotel",
        "Eastside Tattoo",
        "the Harbor Inn",
        "Lucky Seven Grocery",
        "the Bull & Bear pub",
        "Viper Auto Body",
    ],
    nicknames=["El Flaco", "Smoke", "Little Man", "Chino", "Big Mike", "Shorty", "Ghost", "La Gata"],
)

#: Case files name the common drugs and the well-known gangs most often: the dev set does too (each of
#: these appears three times in the pool), beside names that no pattern lists. None occurs in TRAIN.
#: Word parts of made-up drug names. New drugs and new street names keep appearing, so the model must
#: learn what a drug name looks like and where it stands (a chemical-looking word, a pill code, an
#: invented street word), not a list; INVENTED_SHARE of the training drug slots get one.
CHEMICAL_PREFIXES = ["flu", "clo", "bro", "eti", "nor", "desmethyl", "tri", "iso", "meta", "cyclo", "ethyl", "butyl"]
CHEMICAL_STEMS = ["azolam", "azepam", "fentanyl", "nitazene", "cathinone", "pentylone", "ketamine", "phenidate"]
PILL_FORMS = ["bars", "tabs", "buttons", "caps", "dots", "40s", "80s", "15s", "boxes", "beans"]
PILL_MARKS = ["K", "Z", "R", "G", "blue", "pink", "yellow", "green", "roxy", "xan", "oxy", "hydro"]
STREET_SYLLABLES = ["ka", "zu", "mo", "ti", "ve", "ra", "lo", "shi", "na", "po", "dre", "ga", "ku", "fi"]
STREET_ADJECTIVES = ["sleepy", "purple", "silver", "golden", "zombie", "rocket", "cloud", "dream", "crazy"]
STREET_FORMS = ["powder", "dust", "rocks", "candy", "drops", "crystals", "paste", "tar"]
INVENTED_SHARE = 0.35


def invented_drug_names(count: int, seed: int, exclude: list[str]) -> list[str]:
    """`count` distinct made-up drug names of four kinds, none of them in `exclude`."""
    rng = random.Random(seed)
    kinds = [
        lambda: rng.choice(CHEMICAL_PREFIXES) + rng.choice(CHEMICAL_STEMS),
        lambda: f"{rng.choice(PILL_MARKS)}{rng.choice(('-', ' '))}{rng.choice(PILL_FORMS)}",
        lambda: "".join(rng.choice(STREET_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))),
        lambda: f"{rng.choice(STREET_ADJECTIVES)} {rng.choice(STREET_FORMS)}",
    ]
    taken = {name.lower() for name in exclude}
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(kinds)()
        if name.lower() not in taken:
            taken.add(name.lower())
            names.append(name)
    return names


DEV_COMMON_DRUGS = [
    "fentanyl",
    "heroin",
    "cocaine",
    "methamphetamine",
    "crack cocaine",
    "marijuana",
    "oxycodone",
    "MDMA",
]
DEV_COMMON_GANGS = ["MS-13", "the Latin Kings", "the Sinaloa Cartel", "the Hells Angels", "the Bloods", "the Crips"]

DEV = Names(
    drugs=DEV_COMMON_DRUGS * 3
    + [
        "oxymorphone",
        "methylone",
        "U-47700",
        "clonazepam",
        "psilocybin",
        "etizolam",
        "nitazenes",
        "pink cocaine",
        "tusi",
        "perc 30s",
        "glass",
        "dope",
        "bromazolam",
        "flubromazepam",
        "mescaline",
        "GHB",
        "hydromorphone",
        "crank",
        "snow",
        "acetylfentanyl",
        "morphine",
        "diazepam",
        "2C-B",
        "DMT",
        "hydrocodone",
        "Adderall",
        "methcathinone",
        "kratom",
        "nodding powder",
        "M-boxes",
    ],
    gangs=DEV_COMMON_GANGS * 3
    + [
        "the Gulf Cartel",
        "Barrio 18",
        "the Mongols MC",
        "the Gangster Disciples",
        "the Harlow Court Crew",
        "Los Lobos Grises",
        "the Riverside Reapers",
        "the Granite Street Mob",
        "the Seventh Ward Posse",
        "the Blue Dragons",
        "the Kessler organisation",
        "the Canal Boys",
        "Los Norteños de Alamar",
        "the Southgate Kings",
        "the Nine Mile Crew",
        "the Vega family",
        "the Pagans MC",
        "the Almighty Saints",
        "the Wharf Street Goons",
        "La Eme",
        "the Juárez Cartel",
        "the Ironbridge Firm",
        "the Copper Hill Boys",
        "the Obregón brothers",
    ],
    weapons=[
        "Glock 26",
        "SKS rifle",
        ".38 revolver",
        "Walther PPK",
        "Uzi",
        "privately made firearm",
        "Springfield XD",
        "pump-action shotgun",
        "auto sear",
        "Canik TP9",
        "Ruger LCP",
        "Desert Eagle",
    ],
    first=[
        "Olivia",
        "Rafael",
        "Trevor",
        "Yusuf",
        "Paulina",
        "Darnell",
        "Isabel",
        "Viktor",
        "Monique",
        "Gustavo",
        "Hannah",
        "Kwame",
        "Lorenzo",
        "Svetlana",
        "Marcus",
        "Beatriz",
    ],
    surnames=[
        "Grant",
        "Dominguez",
        "Banks",
        "Demir",
        "Kowal",
        "Hughes-Ford",
        "Ferreira",
        "Lindqvist",
        "Abernathy",
        "Quintero",
        "Mensah",
        "Pavlović",
        "Rourke",
        "Estrada",
        "Whitlock",
        "Barros",
        "Nakamura",
        "Fontaine",
        "Osei",
        "Calloway",
    ],
    tricky_first=["Chrystal", "Mary Jane", "Coco", "Snow"],
    orgs=[
        "the U.S. Marshals",
        "the state police",
        "the Violent Crimes Unit",
        "Customs and Border Protection",
        "the district attorney's office",
        "Interpol",
        "the Anti-Gang Unit",
        "the Highway Patrol",
        "the Medical Examiner's Office",
        "Bank of America",
    ],
    places=["Laredo", "San Diego", "Miami", "Culiacán", "Antwerp", "Newark", "Tucson", "Arizona", "Cleveland"],
    streets=[
        "Harlow Court",
        "Canal Street",
        "Granite Street",
        "Wharf Road",
        "Seventh Avenue",
        "Copper Hill Drive",
        "Route 66",
        "Southgate Boulevard",
    ],
    businesses=["the Starlight Inn", "Ray's Tire Shop", "the Corner Deli", "a Marathon gas station"],
    nicknames=["Pelón", "Tank", "Baby Face", "Lefty"],
)

#: The test set: written after dev had been used for error analysis (thresholds and decoding rules were
#: chosen on dev), with its own frames and names, to be scored and never tuned on. Like dev, it names
#: listed drugs and gangs most often, beside names that no pattern lists.
TEST_COMMON_DRUGS = ["amphetamine", "hashish", "Suboxone", "Vicodin", "Ritalin", "clonazolam"]
TEST_COMMON_GANGS = ["Tren de Aragua", "the Bandidos MC", "Sureños", "the Trinitarios", "Nuestra Familia"]

TEST = Names(
    drugs=TEST_COMMON_DRUGS * 3
    + [
        "mitragynine",
        "etonitazepyne",
        "chalk",
        "horse",
        "pressies",
        "footballs",
        "dirty sprite",
        "school buses",
        "hash",
        "shabu",
        "mojo",
        "bath salts",
        "brown",
        "MDPHP",
        "yola",
        "purple drank",
        "N-ethylpentylone",
        "rainbow fentanyl",
    ],
    gangs=TEST_COMMON_GANGS * 3
    + [
        "the Black Guerrilla Family",
        "the Foundry Lane Crew",
        "the Marsh Road Boys",
        "Los Halcones del Norte",
        "the Dockside Syndicate",
        "the Orlov organisation",
        "the Varga brothers",
        "the Eastgate Hustlers",
        "the Lynch family",
        "the Quarry Hill Mob",
        "the Northside Jackals",
        "La Familia Rosales",
        "the Saint Jude Riders MC",
    ],
    weapons=[
        "Taurus G2C",
        "Hi-Point C9",
        "Kel-Tec Sub2000",
        "Colt 1911",
        "Glock 43X",
        "Ruger 10/22",
        "Savage Axis",
        "Stoeger STR-9",
        "Zastava M70",
        "snub-nosed revolver",
    ],
    first=["Elena", "Jamal", "Katarzyna", "Tomás", "Aisha", "Brendan", "Mei", "Dmitri", "Rosa", "Tyrone", "Ingrid"],
    surnames=[
        "Okafor",
        "Valdez",
        "Brennan",
        "Sørensen",
        "Haddad",
        "Maddox",
        "Castellanos",
        "Novak",
        "Pryce",
        "Ferraro",
        "Lachance",
        "Delgado-Ruiz",
        "Thornbury",
    ],
    tricky_first=["Charlie", "Candy", "Lucy"],
    orgs=[
        "the county sheriff's office",
        "Homeland Security Investigations",
        "the Port Authority Police",
        "the Narcotics Task Force",
        "Europol",
        "the State Crime Laboratory",
        "Wells Fargo",
    ],
    places=["El Paso", "Phoenix", "Rotterdam", "Tijuana", "Baltimore", "Ohio", "Denver", "Marseille"],
    streets=["Foundry Lane", "Marsh Road", "Quarry Hill Road", "Eastgate Avenue", "Dockside Way", "Linden Street"],
    businesses=["the Blue Moon Motel", "Sal's Pawn Shop", "the Riverside Laundromat", "a Shell station"],
    nicknames=["Flaco", "Smokey", "Junior", "Bones"],
)

TRAIN = replace(TRAIN, invented_drugs=invented_drug_names(120, SEED, TRAIN.drugs + DEV.drugs))

# Frames. {P}, {P2}: a person in full; {Ps}/{P2s}: the same person by surname; {Pf}: by first name;
# {OFF}: an officer with a title; {X}: a person with a tricky first name. {DRUG}, {DRUG2}; {GANG},
# {GANG2} (with "the" where the name takes it, outside the span); {GANGN}: the bare name, as in "a Latin
# Kings member"; {WEAPON}: with its article, outside the span; {WEAPONN}: the bare name. {ORG}, {ORG2},
# {GPE}, {GPE2}. Not annotated (the base model's silver labels cover them): {STREET}, {ADDR}, {VEH},
# {DATE}, {TIME}, {MONEY}, {QTY}, {NUM}, {CASE}, {BIZ}, {AGE}, {NICK}, {DOB}, {WEIGHT}.
# A frame starting with "~" is a text message: lower case, no capital at the start.
TRAIN_FRAMES = {
    "incident": [
        "While on patrol on {STREET}, I stopped {VEH} for a traffic violation; the driver identified himself as {P}.",
        "{OFF} recovered {WEAPON} from under the driver's seat and {QTY} {DRUG} from the glove box.",
        "A K-9 unit alerted on the trunk, where officers found {NUM} bags of suspected {DRUG}.",
        "{Ps} stated that the {DRUG} belonged to {P2}, whom he described as a member of {GANG}.",
        "Officers responded to shots fired at {ADDR} and found casings from {WEAPON} in the alley.",
        "The passenger, {P2}, said they were driving back from {GPE} after buying {DRUG}.",
        "Evidence was logged under item {CASE}: {WEAPON}, {MONEY} in cash and {QTY} {DRUG}.",
        "{P} fled on foot toward {STREET} and discarded {WEAPON} in a trash can.",
        "{Ps} has tattoos associated with {GANG} on both forearms.",
        "I located {NUM} small baggies of {DRUG} in {Ps}'s jacket pocket.",
        "{Ps} appeared nervous and said he was coming from {GPE}.",
        "Dispatch advised that {P} has an open warrant and is a documented member of {GANG}.",
        "Field note: {P} was seen handing {DRUG} to a juvenile behind {BIZ}.",
        "During the pat-down, {OFF} felt a hard object, later identified as {WEAPON}, in {Ps}'s waistband.",
        "The vehicle smelled strongly of {DRUG}, and a search found {NUM} vials under the rear seat.",
        "{Ps} swallowed what appeared to be {DRUG} when officers approached and was taken to hospital.",
        "A plastic bag containing {QTY} {DRUG} was recovered from the centre console.",
        "{P} refused to answer questions about {GANG} and asked for a lawyer.",
        "{OFF} noted fresh {GANGN} graffiti on the wall at {ADDR}.",
        "The caller reported two men selling {DRUG} outside {BIZ}; both fled when the patrol car arrived.",
        "Inside the safe officers found {DRUG}, a digital scale and {WEAPON}.",
        "Narrative: on {DATE} at {TIME}, {OFF} stopped {P} on {STREET} for a broken tail light.",
        "{Ps} stated that he only smokes {DRUG} and does not sell it.",
        "A field test of the residue on the scale was presumptive positive for {DRUG}.",
        "The front door was barricaded, which is common in {DRUG} stash houses run by {GANG}.",
        "{Ps} was arrested for possession of {DRUG} and resisting arrest.",
        "Patrol log: {TIME}, foot pursuit of a {GANGN} associate on {STREET}, suspect lost.",
        "The search of the motel room turned up {DRUG} packaged for sale and {MONEY} in small bills.",
        "Shell casings at the scene match {WEAPON} seized from a {GANGN} member last year.",
    ],
    "affidavit": [
        "I, {OFF} of {ORG}, being duly sworn, state as follows.",
        "Since {DATE}, {ORG} and {ORG2} have investigated a {DRUG} distribution network led by {P}.",
        "A confidential source reported that {Ps} receives {DRUG} and {DRUG2} from {P2}, a supplier for {GANG}.",
        "Based on my training and experience, members of {GANG} use stash houses to store {DRUG} and firearms.",
        "There is probable cause to believe that evidence of {DRUG} trafficking will be found at {ADDR}.",
        "Phone records show {NUM} calls between {Ps} and {P2}, an associate of {GANG}.",
        "During a controlled purchase on {DATE}, the source bought {QTY} {DRUG} from {Ps} for {MONEY}.",
        "Bank records show that {Ps} wired {MONEY} to an account in {GPE} controlled by {P2s}.",
        "{P2s} is believed to distribute {DRUG} for {GANG} in {GPE}.",
        "The source's information has led to seizures of {DRUG} and of {WEAPON} in the past.",
        "Your affiant knows that dealers of {DRUG} often keep records of customers on their phones.",
        "On {DATE}, surveillance units watched {Ps} leave {ADDR} carrying a duffel bag believed to contain {DRUG}.",
        "CS-1 has known {P} for about five years and has purchased {DRUG} from him on several occasions.",
        "Toll records link the target phone to {P2}, a high-ranking member of {GANG}.",
        'In intercepted calls, {Ps} used the code word "tickets" for packages of {DRUG}.',
        "A trash pull at {ADDR} produced packaging with traces of {DRUG}.",
        "Agents believe {GANG} supplies {DRUG} to street-level dealers in {GPE} through {Ps}.",
        "The affiant requests authority to search {VEH}, registered to {P}, for {DRUG} and {WEAPON}.",
        "A pole camera recorded {P2s} delivering packages to {ADDR} twice a week.",
        "Financial analysis shows deposits of {MONEY} that {Ps} cannot explain from legitimate income.",
        "CS-2 stated that {GANG} charges dealers a fee to operate near {STREET}.",
    ],
    "indictment": [
        "A federal grand jury in {GPE} indicted {P} and {P2} for conspiracy to distribute {DRUG}.",
        "According to the indictment, {P}, {AGE}, of {GPE}, obtained {DRUG} from {GANG} and resold it to dealers.",
        "{P2}, {AGE}, an associate of {GANG}, is charged with possessing {WEAPON} in furtherance of drug trafficking.",
        "The case was investigated by {ORG} and {ORG2}.",
        "{GANG} is a violent street gang that controls {DRUG} sales in parts of {GPE}, prosecutors said.",
        "If convicted, {Ps} faces a mandatory minimum of ten years in prison on the {DRUG} charge.",
        "Count 3 charges {Ps} with using {WEAPON} during the robbery of a {DRUG} dealer.",
        "Agents seized {QTY} {DRUG}, {NUM} firearms including {WEAPON}, and {MONEY} in cash.",
        "The defendants are alleged members of {GANG}, a gang with chapters in {GPE} and {GPE2}.",
        "{ORG} thanked {ORG2} for its help in the investigation of {GANG}.",
        "Count 1: From about {DATE}, {P} conspired with others to possess with intent to distribute {DRUG}.",
        "{P} was sentenced to {NUM} months in federal prison for distributing {DRUG}.",
        "The jury convicted {Ps} of racketeering conspiracy as a leader of {GANG}.",
        "Prosecutors described {GANG} as a criminal enterprise that sold {DRUG} and used violence to hold territory.",
        "{P} and {NUM} co-defendants are accused of running a {DRUG} pipeline from {GPE} to {GPE2}.",
        "The forfeiture count covers {MONEY}, {VEH} and {WEAPON}.",
        "Defendant {P} is charged with being a felon in possession of {WEAPON}.",
        "The plea agreement says {Ps} acted as a courier for {GANG} between {GPE} and {GPE2}.",
        "Court documents say {GANG} recruited teenagers to sell {DRUG} near schools.",
        "{P}, the alleged head of {GANG}, was extradited from {GPE} on {DATE}.",
        "The superseding indictment adds charges of money laundering against {P2}.",
    ],
    "intelligence": [
        "Source reporting places {P} in {GPE} as a driver for {GANG}.",
        "{GANG} has reportedly begun pressing counterfeit pills containing {DRUG} near {STREET}.",
        "Open-source review: {GANGN} members posted photos of {WEAPON} and bundles of cash.",
        "{GANG} and {GANG2} have been feuding since the shooting on {STREET} on {DATE}.",
        "Analysts assess that {GANG} is now the main source of {DRUG} in {GPE}.",
        '{P}, also known as "{NICK}", is believed to be a shot caller for {GANG}.',
        "The price of {DRUG} in {GPE} dropped to {MONEY}, suggesting a new supplier.",
        "{GANGN} associates were seen at {BIZ} on {STREET} on {DATE}.",
        "{ORG} believes {Ps} launders proceeds from {DRUG} sales through {BIZ}.",
        "{Ps} is a former member of {GANG} who now supplies {DRUG} to {GANG2}.",
        "Analyst comment: {GANG} appears to have taken over the {DRUG} trade on {STREET}.",
        "Source update: {P} now drives for {GANG} and keeps {WEAPON} in the car.",
        "Reliability B: {GANGN} members are storing {DRUG} at a house near {STREET}.",
        "Assessment: the rise in {DRUG} overdoses in {GPE} is linked to a new supplier tied to {GANG}.",
        "Social media posts show {P} flashing {GANGN} hand signs with {WEAPON}.",
        "{GANG} is believed to be buying {DRUG} wholesale from {GANG2}.",
        "Tip line report: caller states {Ps} is selling {DRUG} out of {BIZ}.",
        '{P} (moniker "{NICK}") is assessed as the main {DRUG} supplier for {GANG} in {GPE}.',
        "Gang database entry: {P}, self-admitted member of {GANG} since {DATE}.",
        "{GANGN} and {GANGN} members were seen together at {BIZ}, which may signal an alliance.",
        "Debrief notes: the subject named {P2} as the person who stores {DRUG} for {GANG}.",
    ],
    "witness": [
        "I saw a man I now know as {P} hand a small bag of {DRUG} to the driver.",
        "{Pf} told me the product came from {GPE} and that {GANG} did not like delays.",
        "I have seen {Ps} with men wearing {GANGN} colours several times.",
        "He pulled {WEAPON} from his waistband and pointed it at {P2}.",
        "My neighbour {P2} said that {Ps} sells {DRUG} out of the back of {BIZ}.",
        "I was scared because everyone knows {GANG} runs that block.",
        "I bought {DRUG} from {Pf} maybe ten times, always near {STREET}.",
        "When the police came, {Ps} threw {WEAPON} over the fence.",
        "Q: Who gave you the {DRUG}? A: {Pf}, the guy from {GANG}.",
        "Q: Did you see a gun? A: Yes, {Ps} had {WEAPON} in his jacket.",
        "I know {Ps} runs with {GANG}; everyone on {STREET} knows that.",
        "She told me she owed {GANG} money for {DRUG} and was scared.",
        "The man in the red jacket was selling {DRUG} by the bus stop every night.",
        "{Pf} said if I talked, {GANGN} guys would come after my family.",
        "I started using {DRUG} when I was nineteen and bought it from {P}.",
        "After the party I found a bag of {DRUG} in my son's room and called the police.",
        "He showed me {WEAPON} and said it was for protection against {GANG}.",
    ],
    "lab": [
        "Analysis of the white powder submitted by {ORG} confirmed {DRUG}, net weight {WEIGHT}.",
        "Exhibit {CASE} contained {DRUG} and {DRUG2}; no other controlled substance was detected.",
        "The toxicology report for {P} was positive for {DRUG}.",
        "The submitted firearm, {WEAPON}, was test-fired and the casings were entered into the database.",
        "Method: GC-MS. Findings: {DRUG}, {WEIGHT} net.",
        "Item {CASE} (blue tablets): {DRUG} identified; item {CASE} (white powder): {DRUG2} identified.",
        "Sample {CASE}: {NUM} blue tablets stamped M30; result: {DRUG} detected.",
        "Conclusion: the seized liquid contains {DRUG}.",
        "Quantitative analysis: {DRUG} at a purity of {NUM} percent.",
        "Post-mortem blood of {P} showed {DRUG} and {DRUG2} at toxic levels.",
        "Results: exhibit {CASE} - {DRUG}; exhibit {CASE} - no controlled substances.",
        "The crystalline substance in item {CASE} was identified as {DRUG}.",
        "Reference standards were used to confirm the presence of {DRUG} in the residue.",
    ],
    "message": [
        "~yo {Pf} u still got that {DRUG}? need {NUM} by tonight",
        "~{GANGN} boys out on {STREET} again, stay low",
        "~tell {Pf} bring the {WEAPONN} and the {DRUG}",
        "~got {DRUG} and {DRUG2} same price as last time",
        "~who got the {DRUG} now that {Ps} locked up",
        "~dont talk on the phone about {GANGN} business",
        "~need 2 zips of {DRUG} tonight, {Pf} said {GANGN} got plenty",
        "~u got any {DRUG} left",
        "~{Pf} said the {DRUG} is fire this time",
        "~meet me at {STREET}, bring {NUM} of the {DRUG}",
        "~{DRUG} is done, getting more friday",
        "~how much for a ball of {DRUG}",
        "~dont bring the {WEAPONN} to the spot, cops everywhere",
        "~{GANGN} just hit {Pf}'s cousin, we need to move",
        "~pick up the {DRUG} from {Pf}, he at the motel",
        "~those {GANGN} dudes owe me for the {DRUG}",
        "~ok 2 of the {DRUG} and 1 {DRUG2}, same spot",
    ],
    "header": [
        "Subject: {P}, suspected {DRUG} supplier",
        "Reporting officer: {OFF}, Narcotics Division",
        "Re: seizure of {DRUG} at {ADDR}",
        "Suspect: {P} (DOB {DOB}), known member of {GANG}",
        "{P}\tcourier\t{DOB}",
        "{P} | {GANGN} | {DRUG} supplier",
        "Charges: possession with intent to distribute {DRUG}; possession of {WEAPON}",
        "Offense: possession of {DRUG} with intent to sell",
        "Known associates: {P}, {P2} ({GANGN})",
        "Gang affiliation: {GANGN}",
        "Property seized: {WEAPON}; {QTY} {DRUG}; {MONEY}",
        "Item {CASE}: suspected {DRUG}, field weight {WEIGHT}",
        "Drug type: {DRUG}",
        "Weapon: {WEAPONN}",
    ],
    "press": [
        "{NORP} nationals were arrested at the port of {GPE} with {QTY} {DRUG} concealed in a shipment of fruit.",
        "{NORP} police, working with {ORG}, dismantled a lab that produced {DRUG} for {GANG}.",
        "The {NORP} government has listed {GANG} as a criminal organisation.",
        "{ORG} announced the arrest of {NUM} people linked to {GANG} after a two-year investigation.",
        "Officers seized more than {QTY} {DRUG} in what {ORG} called the largest seizure this year.",
        '"{GANG} has been flooding our streets with {DRUG}," the police chief said.',
        "The operation, led by {ORG} with help from {ORG2}, targeted {GANGN} members in {GPE}.",
        "Authorities in {GPE} warned residents about counterfeit tablets laced with {DRUG}.",
        "{P}, a spokesperson for {ORG}, said the investigation into {GANG} is continuing.",
        "The seizure included {DRUG}, {DRUG2} and {NUM} firearms, among them {WEAPON}.",
        "Police say the shooting on {STREET} was part of a dispute between {GANG} and {GANG2}.",
        "Overdose deaths in {GPE} have risen since {DRUG} appeared in the local supply, health officials said.",
    ],
}
TRAIN_NEGATIVES = [
    "{HEADING}",
    "{HEADING}\nCase number: {CASE}",
    "Black ice on {STREET} caused a three-car collision on {DATE}.",
    "{X} works as a cashier at {BIZ} and has no criminal record.",
    "{OFF} of the gang unit briefed school principals in {GPE} on {DATE}.",
    "{P}, a {NORP} national, was detained at the airport in {GPE} and later released.",
    "The {NORP} consulate in {GPE} issued {Ps} a new passport on {DATE}.",
    "The truck carried gasoline, cooking oil and {NUM} crates of food to {GPE}.",
    "{Ps} imports {NORP} olive oil and coffee through a company in {GPE}.",
    "{NORP} and {NORP} officials met in {GPE} to discuss trade and fuel prices.",
    "{ORG} held a press conference about gang violence in {GPE}.",
    "{P} said the cartel would kill him if he talked to police.",
    "The crew from {BIZ} repaired the roof at {ADDR}.",
    "An ambulance crew treated {P} at the scene on {STREET}.",
    "A cleaning crew found the bag behind {BIZ} and called {ORG}.",
    "The tow truck crew moved {VEH} to the impound lot.",
    "{OFF} of the gang squad and a film crew from a local station were at {ADDR}.",
    "Officers found a crystal vase, a pot of soup and a bag of flour in the kitchen.",
    "Heavy rain delayed the search of the field near {STREET}.",
    "{P} threw a rock through the window of {BIZ} and ran toward {STREET}.",
    "A boy on a bicycle and a girl with a dog saw the car leave {STREET}.",
    "{Ps} has spent most of his adult life behind bars.",
    "The windows of the house on {STREET} were covered with iron bars.",
    "Officers found a box of ammunition, a pair of gloves and a stack of cash in the closet.",
    "{GANG} was linked to a string of burglaries in {GPE}, but no drugs were found.",
    "A skunk had knocked over the trash cans behind {BIZ}.",
    "The suspect asked to lean against the patrol car because his knee hurt.",
    "{P} bought groceries, a bag of rice and mushroom soup at {BIZ}.",
    "The kitchen held a spice rack, a jar of honey and a tin of car wax.",
    "{Ps} said it was hard to find work after his release.",
    "The storm had blown weeds and branches across {STREET}.",
    "{P} was wearing a white hoodie with a crystal pendant.",
    "Detectives seized ledgers, {NUM} phones and a list of names from {ADDR}.",
    "The shooting left {NUM} people injured and {NUM} cars damaged on {STREET}.",
    "The coke machine in the lobby of {BIZ} was damaged during the arrest.",
    "{X} plays the blues on weekends at {BIZ}.",
    "The gang unit of {ORG} arrested {P} on {DATE} on an unrelated warrant.",
    "{P} told the court he left the gang years ago and now works at {BIZ}.",
    "A witness described the shooter as a tall man in a grey hoodie driving {VEH}.",
    "{OFF} photographed the scene at {ADDR} and collected {NUM} shell casings.",
    "{Ps}'s lawyer, {P2}, asked for the hearing to be moved to {DATE}.",
    "Residents of {STREET} reported loud music and a fight outside {BIZ}.",
    "{P} paid {MONEY} in cash for {VEH} at a dealership in {GPE}.",
    "The rear window of {VEH} was broken and the tyres were slashed.",
    "Drug cartels and street gangs recruit teenagers through social media, {ORG} warned.",
    "The K-9 unit searched the vehicle but did not alert.",
    "{OFF} interviewed {X} about the burglary at {ADDR}.",
    "Subject: interview with {P}, {DATE}",
    "{Ps} told the officers he was at {BIZ} with {P2} all evening.",
    "The report by {OFF} was filed on {DATE} under case number {CASE}.",
    "{X} was listed as the owner of the apartment at {ADDR}.",
    "The gang task force of {ORG} met with community leaders in {GPE}.",
    "Name: {P}, night guard at {ADDR}",
    "Date of incident: {DATE}, {TIME}",
    "Burglars took a lawn mower, a leaf blower and an ice chest from the garage on {STREET}.",
    "{Pf} plays guitar with a blues band at {BIZ} on weekends.",
    "The coke machine and the ice maker at {BIZ} were both out of order.",
    "{P} was treated for a broken wrist at the hospital in {GPE}.",
    "Field note: the paving crew left cones across {STREET} overnight.",
    "A demolition crew found old pipes and broken glass at {ADDR}.",
    "The night crew at {BIZ} said they saw nothing unusual.",
    "A camera crew filmed the press conference held by {ORG}.",
    "Analyst comment: no new information this week.",
    "Source update: the informant has moved to {GPE} and is no longer active.",
    "Patrol log: {TIME}, alarm call at {BIZ}, building secure.",
    "Tip line report: caller reports loud parties at {ADDR}; no further details.",
    "Snow and ice closed {STREET} for most of the day.",
    "The victim cut her hand on a broken glass in the kitchen.",
    "{P} said he was sick and stayed home all day.",
    "The shop sells flour, sugar and rice in bulk.",
    "{Ps} bought a used car with cash he said he had saved.",
    "The crime lab found no fingerprints on the glass.",
    "{P} works as a crane operator and often starts the crank of the old engine by hand.",
    "The family moved from {GPE} to {GPE2} in {DATE}.",
    "The Mob Museum and the Gangster Tour are popular with visitors to {GPE}.",
    "{X} was a witness, not a suspect, in the case.",
    "The task force briefing covered new cartel trends in general terms.",
    "Summary: {Ps} was released without charges on {DATE}.",
    "Bulletin: {ORG} will close its front desk on {DATE}.",
    "A family of four was displaced by the fire on {STREET}.",
    "The boys on the basketball team were not involved, the coach said.",
    "The brothers who own {BIZ} reported a break-in on {DATE}.",
]
DEV_FRAMES = {
    "mixed": [
        "Surveillance footage shows {P} entering a garage used by {GANG} in {GPE}.",
        "Officers from {ORG} found {DRUG} hidden in a speaker box, along with {WEAPON}.",
        "{P} pleaded guilty to trafficking {DRUG} on behalf of {GANG}.",
        '~message recovered from the phone: "yo {Pf} i got {DRUG}, come thru"',
        "The toxicology screen of the victim was positive for {DRUG}.",
        "A member of {GANG} was shot in {GPE}; investigators recovered {WEAPON} nearby.",
        "In her statement, {P} said {GANG} forced her to carry {DRUG} across the border.",
        "Wiretap summary: {GANG} leaders discussed moving {DRUG} through {GPE}.",
        "{ORG} traced {WEAPON} to a straw purchase made by {P}.",
        "Lab analysis identified {DRUG} in 12 of the 14 samples submitted by {ORG}.",
        "Upon arrival at {ADDR}, {OFF} observed {Ps} throwing a bag of {DRUG} from the balcony.",
        "{Ps} admitted he had been selling {DRUG} for {GANG} since he was sixteen.",
        "The warrant authorises a search of {ADDR} for {DRUG}, ledgers and firearms.",
        "Sentencing for {P}, a former enforcer for {GANG}, is set for {DATE}.",
        "A search of {Ps}'s bedroom revealed {WEAPON} wrapped in a towel.",
        "Intel bulletin: {GANGN} affiliates are moving {DRUG} in rental cars.",
        '~{Pf} texted: "bring the {DRUG} to {STREET} after 9"',
        "Exhibit {CASE} tested positive for {DRUG}, net weight {WEIGHT}.",
        "The informant said {Ps} pays {GANG} a weekly tax to sell on {STREET}.",
        "{P2} told detectives that {Ps} kept {WEAPON} in a shoebox.",
        "{GANG} was blamed for a string of robberies in {GPE} and {GPE2}.",
        "Prosecutors say {P} bought {DRUG} in bulk from suppliers linked to {GANG}.",
        "Name: {P}    Affiliation: {GANGN}",
        "~the {DRUG} {Pf} sold me was cut with something, i got sick",
    ],
}
DEV_NEGATIVES = [
    "Black ice formed on the bridge near {GPE} before dawn.",
    "The jury heard that {P} had been a crossing guard for ten years.",
    "Police warned that gangs and cartels often recruit online.",
    "{ORG} opened a new office to coordinate anti-gang programs.",
    "The stolen items included a television, a snow blower and a pot of coins.",
    "{X} was listed as the registered owner of {VEH}.",
    "The road crew closed {STREET} for repairs on {DATE}.",
    "Detectives interviewed {Ps} at {BIZ} but made no arrest.",
    "A glass bottle and a crystal ashtray were taken from the scene.",
]
TEST_FRAMES = {
    "mixed": [
        "Agents of {ORG} seized {QTY} {DRUG} from a stash house on {STREET}.",
        "{P}, who investigators say runs the local operations of {GANG}, was arrested on {DATE}.",
        "According to a confidential source, {GANG} now supplies {DRUG} to dealers on {STREET}.",
        "Count three charges {P} with intent to sell {DRUG} within 1,000 feet of a school.",
        "During the traffic stop, {OFF} found {WEAPON} tucked between the seats.",
        "~{Pf} u still need {DRUG}? got plenty",
        "~who got {DRUG} tonight, hit me up",
        "Results: sample {CASE} contained {DRUG}; nothing else of note was found.",
        "The medical examiner listed {DRUG} toxicity as the cause of death of {P}.",
        "{P} told the grand jury that {GANG} paid him in {DRUG} instead of cash.",
        "Graffiti claiming the block for {GANG} appeared overnight on {STREET}.",
        "Detectives believe {GANG} and {GANG2} are fighting over territory in {GPE}.",
        "{Ps} was photographed holding {WEAPON} in a video posted by members of {GANG}.",
        "Press release: {ORG} announces charges against {NUM} members of {GANG}.",
        "{P} is accused of laundering money for {GANG} through {BIZ}.",
        "Hidden in the spare tyre were {NUM} packages of {DRUG}.",
        "Q: Where did you get the {DRUG}? A: From a guy in {GANG}.",
        "Subject: {GANGN} activity near {BIZ}",
        "Substance: {DRUG}    Weight: {WEIGHT}",
        "{P} overdosed on {DRUG} at {ADDR} and was revived with naloxone.",
        "Witnesses said {Ps} fired {WEAPON} at a car belonging to a rival from {GANG}.",
        "The affiant believes {P} stores {DRUG} and the proceeds of its sale at {ADDR}.",
        "According to the indictment, {GANG} controlled the sale of {DRUG} in {GPE} for four years.",
        "{OFF} found {DRUG} in a cigarette pack in the jacket {Ps} was wearing.",
        "A former member of {GANG} testified that {Ps} ordered the shooting.",
    ],
}
TEST_NEGATIVES = [
    "Frost and light snow were forecast for {GPE} on {DATE}.",
    "{P} keeps horses on a farm outside {GPE}.",
    "Children had drawn with chalk on the pavement of {STREET}.",
    "A construction crew from {BIZ} poured concrete at {ADDR}.",
    "The city council debated a new gang prevention grant for {GPE}.",
    "{X} manages the front desk at {BIZ}.",
    "{P} played football with his cousins in the park on {DATE}.",
    "The school buses were delayed by an accident on {STREET}.",
    "Officers from {ORG} handed out water at the street festival.",
]
#: Case-style sentences with no custom entity: unlabelled text that training annotates with the base
#: model's own predictions (silver), so retraining does not erode PERSON, ORG, GPE, DATE, MONEY.
UNLABELLED_FRAMES = [
    "{NORP} authorities extradited {P} to {GPE} on {DATE}.",
    "{ORG} worked with {NORP} prosecutors and the EU police agency on the fraud case.",
    "The {NORP} embassy confirmed that {P} entered {GPE} on {DATE}.",
    "On {DATE}, {P} of {ORG} interviewed the owner of a restaurant in {GPE}.",
    "{P} paid {MONEY} in cash for a used pickup truck in {GPE} on {DATE}.",
    "The hearing before Judge {P} was moved to {DATE} at the request of {ORG}.",
    "{ORG} and {ORG2} signed an agreement to share records about the {GPE} investigation.",
    "Bank records show a wire of {MONEY} from {P} to an account in {GPE}.",
    "{P} works for {ORG} and lives with her brother near {GPE}.",
    "The report was reviewed by Sergeant {P} of {ORG} on {DATE}.",
    "According to {ORG}, {P} left {GPE} on {DATE} and has not returned.",
    "{OFF} spoke with {P} at {ADDR} about a noise complaint; nothing was seized.",
    "{Ps} was booked into the county jail at {TIME} on {DATE}.",
    "The owner of {BIZ}, {P}, gave officers a copy of the security footage.",
    "{P} rented {VEH} from an agency in {GPE} on {DATE} and returned it two days later.",
    "From: {P}\nTo: {P2}\nDate: {DATE}\nSubject: meeting on {STREET}",
    "Phone records list {NUM} calls between {Ps} and a number registered in {GPE}.",
]

VEHICLES = [
    "a grey Toyota Camry",
    "a white Ford Transit",
    "a black Chevrolet Tahoe",
    "a silver Honda Civic",
    "a red Dodge Charger",
    "a blue Nissan Altima",
    "a green Jeep Cherokee",
    "a white BMW X5",
]
DATES = [
    "March 3, 2026",
    "14 February 2025",
    "last Tuesday",
    "June 2024",
    "the night of May 9",
    "January 17, 2026",
    "April 22",
    "August 2019",
    "October 5, 2025",
    "the weekend of July 4",
]
TIMES = ["22:40", "around 21:00", "3:15 a.m.", "about 6 p.m.", "0130 hours"]
QUANTITIES = [
    "about 2,000 pills of",
    "4 kilograms of",
    "3.5 grams of",
    "an ounce of",
    "two bricks of",
    "a quarter pound of",
    "half a kilo of",
    "nine ounces of",
    "300 grams of",
    "a small amount of",
]
#: Nationalities (NORP to the base model): near a drug in "Mexican nationals with heroin" they are
#: context, not the drug, and in news-like text they are the commonest capitalised modifiers.
NATIONALITIES = [
    "Mexican",
    "Colombian",
    "Albanian",
    "Dutch",
    "Nigerian",
    "Brazilian",
    "Canadian",
    "Honduran",
    "Salvadoran",
    "Guatemalan",
    "Jamaican",
    "Dominican",
    "Turkish",
    "Moroccan",
    "Polish",
    "Serbian",
    "Irish",
    "Peruvian",
    "Venezuelan",
    "Belgian",
    "Spanish",
    "Ukrainian",
    "Filipino",
    "Thai",
]
WEIGHTS = ["3.2 g", "27.9 grams", "1.02 kg", "0.4 g", "112 grams"]
TITLES = ["Officer", "Detective", "Det.", "Sgt.", "Special Agent", "Trooper", "Deputy", "Lt.", "Investigator"]
CUSTOM = ("DRUG", "GANG_ORG", "WEAPON")


@dataclass
class Example:
    """One passage being written, with its spans and the cast it talks about."""

    rng: random.Random
    names: Names
    text: str = ""
    spans: list[dict] = field(default_factory=list)
    cast: dict[str, tuple[str, str]] = field(default_factory=dict)

    def person(self, key: str) -> tuple[str, str]:
        if key not in self.cast:
            self.cast[key] = (self.rng.choice(self.names.first), self.rng.choice(self.names.surnames))
        return self.cast[key]

    def add(self, words: str, label: str | None, lead: str = "") -> None:
        self.text += lead
        if label:
            self.spans.append({"start": len(self.text), "end": len(self.text) + len(words), "labels": [label]})
        self.text += words


def fill(frame: str, example: Example) -> None:
    """Append one filled frame to the example."""
    rng, names = example.rng, example.names
    message = frame.startswith("~")
    start = len(example.text)
    for piece in re.split(r"(\{[A-Za-z0-9]+\})", frame.lstrip("~")):
        slot = re.fullmatch(r"\{([A-Za-z0-9]+)\}", piece)
        if not slot:
            example.text += piece
            continue
        key = slot.group(1)
        if key in ("P", "P2", "P3"):
            example.add(" ".join(example.person(key)), "PERSON")
        elif key in ("Ps", "P2s"):
            example.add(example.person(key[:-1])[1], "PERSON")
        elif key == "Pf":
            example.add(example.person("P")[0], "PERSON")
        elif key == "OFF":
            name = f"{rng.choice(names.first)} {rng.choice(names.surnames)}"
            example.add(name, "PERSON", lead=rng.choice(TITLES) + " ")
        elif key == "X":
            example.add(f"{rng.choice(names.tricky_first)} {rng.choice(names.surnames)}", "PERSON")
        elif key in ("DRUG", "DRUG2"):
            pool = names.invented_drugs if names.invented_drugs and rng.random() < INVENTED_SHARE else names.drugs
            example.add(_vary_case(rng.choice(pool), rng), "DRUG")
        elif key in ("GANG", "GANG2", "GANGN"):
            name = _vary_case(rng.choice(names.gangs), rng)
            lead = re.match(r"(?i)the ", name)
            if lead:
                name = name[lead.end() :]
                example.text += "" if key == "GANGN" else lead.group(0)
            example.add(name, "GANG_ORG")
        elif key in ("WEAPON", "WEAPONN"):
            name = rng.choice(names.weapons)
            article = "" if key == "WEAPONN" else ("an " if name[0].lower() in "aeiou8" else "a ")
            example.add(name, "WEAPON", lead=article)
        elif key in ("ORG", "ORG2"):
            name = rng.choice(names.orgs)
            lead = re.match(r"the ", name)
            example.add(name[lead.end() :] if lead else name, "ORG", lead="the " if lead else "")
        elif key in ("GPE", "GPE2"):
            example.add(rng.choice(names.places), "GPE")
        else:
            example.text += _filler(key, rng, names)
    if message:
        lowered = example.text[start:].lower()
        if len(lowered) == len(example.text) - start:  # lower() must not move the offsets
            example.text = example.text[:start] + lowered
    elif example.text[start : start + 1].islower():
        example.text = example.text[:start] + example.text[start].upper() + example.text[start + 1 :]


def _filler(key: str, rng: random.Random, names: Names) -> str:
    """Text around the entities: left unannotated, the base model's silver labels cover dates and amounts."""
    number = rng.randint(2, 9800)
    values = {
        "STREET": lambda: rng.choice(names.streets),
        "ADDR": lambda: f"{rng.randint(3, 4800)} {rng.choice(names.streets)}",
        "VEH": lambda: rng.choice(VEHICLES),
        "DATE": lambda: rng.choice(DATES),
        "TIME": lambda: rng.choice(TIMES),
        "MONEY": lambda: f"${number * 10:,}",
        "QTY": lambda: rng.choice(QUANTITIES),
        "NUM": lambda: str(rng.randint(2, 180)),
        "CASE": lambda: f"{rng.randint(19, 26)}-{rng.randint(1000, 99999):05d}-{rng.randint(1, 40):02d}",
        "BIZ": lambda: rng.choice(names.businesses),
        "AGE": lambda: str(rng.randint(19, 63)),
        "NICK": lambda: rng.choice(names.nicknames),
        "NORP": lambda: rng.choice(NATIONALITIES),
        "DOB": lambda: f"{rng.randint(1960, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "WEIGHT": lambda: rng.choice(WEIGHTS),
        "HEADING": lambda: _heading(rng, names),
    }
    if key not in values:
        raise KeyError(f"unknown slot {{{key}}}")
    return values[key]()


#: Document titles: a heading in capitals names an agency or a court, never a gang.
DOCUMENT_TYPES = [
    "INCIDENT REPORT",
    "SUPPLEMENTAL REPORT",
    "ARREST REPORT",
    "INTELLIGENCE BULLETIN",
    "CASE SUMMARY",
    "STATEMENT OF WITNESS",
    "EVIDENCE LOG",
    "SEARCH WARRANT RETURN",
    "INVESTIGATIVE MEMORANDUM",
    "LAB REPORT",
]


def _heading(rng: random.Random, names: Names) -> str:
    agency = re.sub(r"^the ", "", rng.choice(names.orgs)).upper()
    court = f"{rng.choice(('DISTRICT', 'SUPERIOR', 'CIRCUIT'))} COURT OF {rng.choice(names.places).upper()}"
    return f"{rng.choice((agency, court))} - {rng.choice(DOCUMENT_TYPES)}"


def _vary_case(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.07:
        return name.upper()
    if roll < 0.14:
        return name.lower()
    return name


def passage(frames: dict[str, list[str]], negatives: list[str], names: Names, rng: random.Random) -> dict:
    """One to three sentences from one register (or hard negatives), with an occasional PDF-style wrap."""
    example = Example(rng, names)
    register = rng.choice(sorted(frames))
    for index in range(rng.choice((1, 1, 2, 2, 3))):
        if index:
            example.text += rng.choice((" ", " ", "\n", "\n\n"))
        fill(rng.choice(negatives) if rng.random() < 0.3 else rng.choice(frames[register]), example)
    if rng.random() < 0.15:
        _wrap(example, rng)
    for span in example.spans:
        span["text"] = example.text[span["start"] : span["end"]]
    return {"text": example.text, "label": example.spans}


def _wrap(example: Example, rng: random.Random) -> None:
    """Replace one space outside the spans by a line break, as text extracted from a PDF has."""
    inside = {i for s in example.spans for i in range(s["start"], s["end"])}
    spaces = [i for i, char in enumerate(example.text) if char == " " and i not in inside]
    if spaces:
        at = rng.choice(spaces)
        example.text = example.text[:at] + "\n" + example.text[at + 1 :]


def build(frames: dict[str, list[str]], negatives: list[str], names: Names, count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [passage(frames, negatives, names, rng) for _ in range(count)]


def build_unlabelled(count: int, seed: int) -> list[str]:
    """Silver-only text: PERSON, ORG, GPE... in case-file sentences, with no drug, gang or weapon."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        example = Example(rng, TRAIN)
        fill(rng.choice(UNLABELLED_FRAMES), example)
        lines.append(example.text.replace("\n", " / "))
    return lines


class DataCheckError(ValueError):
    """The generated data breaks one of its own rules; nothing is written."""


def check(items: list[dict]) -> None:
    """Every span must cover exactly its text, without surrounding spaces."""
    for item in items:
        for span in item["label"]:
            covered = item["text"][span["start"] : span["end"]]
            if not (covered == span["text"] and covered == covered.strip() and covered):
                raise DataCheckError(f"span {span} does not cover its text in {item['text']!r}")


def custom_names(items: list[dict]) -> set[str]:
    """The drug, gang and weapon names of a set, lower case, a leading "the" dropped."""
    custom = (s for item in items for s in item["label"] if s["labels"][0] in CUSTOM)
    return {re.sub(r"^the ", "", s["text"].lower()) for s in custom}


def check_disjoint(earlier: list[dict], later: list[dict]) -> None:
    """A held-out set (`later`: dev, or test) is a fair test only if no drug, gang or weapon name in it
    occurs in `earlier` (training; for the test set also dev, which was used to tune)."""
    shared = custom_names(earlier) & custom_names(later)
    if shared:
        raise DataCheckError(f"names in both sets: {sorted(shared)}")


def word_runs(frame: str, length: int = SHAPE_RUN) -> set[tuple[str, ...]]:
    """The runs of `length` words of a frame's own text (slots break a run)."""
    runs = set()
    for part in re.split(r"\{[A-Za-z0-9]+\}", frame.lstrip("~").lower()):
        words = re.findall(r"[a-z0-9']+", part)
        runs |= {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}
    return runs


def check_shapes(earlier_frames: list[str], later_frames: list[str]) -> None:
    """The dev set is a fair test only if its sentences are not training sentences with other names
    in them: no dev frame shares a run of SHAPE_RUN words with a training frame."""
    seen = set().union(*(word_runs(frame) for frame in earlier_frames))
    shared = {frame: word_runs(frame) & seen for frame in later_frames}
    shared = {frame: runs for frame, runs in shared.items() if runs}
    if shared:
        raise DataCheckError(f"frames that repeat earlier wording: {shared}")


def build_all() -> tuple[list[dict], list[dict], list[str]]:
    """Training examples, dev examples and unlabelled lines, checked: the shipped files are exactly these."""
    train = build(TRAIN_FRAMES, TRAIN_NEGATIVES, TRAIN, TRAIN_COUNT, SEED)
    dev = build(DEV_FRAMES, DEV_NEGATIVES, DEV, DEV_COUNT, SEED + 1)
    check(train)
    check(dev)
    check_disjoint(train, dev)
    check_shapes(
        [f for frames in TRAIN_FRAMES.values() for f in frames] + TRAIN_NEGATIVES + UNLABELLED_FRAMES,
        [f for frames in DEV_FRAMES.values() for f in frames] + DEV_NEGATIVES,
    )
    return train, dev, build_unlabelled(UNLABELLED_COUNT, SEED + 2)


def build_test(train: list[dict], dev: list[dict]) -> list[dict]:
    """The test set, checked against everything written before it: training and dev."""
    test = build(TEST_FRAMES, TEST_NEGATIVES, TEST, TEST_COUNT, SEED + 3)
    check(test)
    check_disjoint(train + dev, test)
    earlier = [f for frames in (TRAIN_FRAMES, DEV_FRAMES) for fs in frames.values() for f in fs]
    check_shapes(
        earlier + TRAIN_NEGATIVES + DEV_NEGATIVES + UNLABELLED_FRAMES, [*TEST_FRAMES["mixed"], *TEST_NEGATIVES]
    )
    return test


def as_json(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    train, dev, unlabelled = build_all()
    test = build_test(train, dev)  # every check runs before any file is written
    for name, items in (("train.json", train), ("dev.json", dev)):
        (HERE / name).write_text(as_json(items), encoding="utf-8")
        counts = {label: sum(s["labels"] == [label] for i in items for s in i["label"]) for label in CUSTOM}
        print(HERE / name, len(items), "examples", counts)
    (HERE / "unlabelled.txt").write_text("\n".join(unlabelled) + "\n", encoding="utf-8")
    (HERE / "test.json").write_text(as_json(test), encoding="utf-8")
    print(HERE / "test.json", len(test), "examples")


if __name__ == "__main__":
    main()
