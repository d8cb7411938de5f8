"""Write the annotated training and dev sets (Label Studio JSON-MIN) from the sentence frames and
names below, all written for nerpipe in the register of case files.

Train and dev are written separately: different sentence frames, different names, so the dev
score measures what the model learned from context, not what it memorised. Many names are
deliberately absent from patterns/, and hard negatives (ice on a road, a crystal vase, "cartel"
and "gang" as common nouns, a gang task force that is an ORG) teach what is NOT an entity.

    .venv/bin/python training_data/build_training_data.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261121

# Names for training. Many are invented crews or less common drugs that no pattern lists.
TRAIN = {
    "DRUG": [
        "fentanyl",
        "heroin",
        "cocaine",
        "crack cocaine",
        "methamphetamine",
        "crystal meth",
        "MDMA",
        "ketamine",
        "oxycodone",
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
        "bars",
        "tranq",
        "fetty",
        "isotonitazene",
        "protonitazene",
        "bromazolam powder",
    ],
    "GANG_ORG": [
        "MS-13",
        "the Latin Kings",
        "the Bloods",
        "the Crips",
        "the Sinaloa Cartel",
        "CJNG",
        "the Hells Angels",
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
        "the Delgado brothers",
        "the Lindgren syndicate",
        "Los Tigres del Puerto",
        "the Brickyard Crew",
        "the 21 Savage Boys",
        "the Shadow Kings",
    ],
    "WEAPON": [
        "a Glock 19",
        "a 9mm pistol",
        "an AR-15",
        "an AK-47",
        "a sawed-off shotgun",
        "a revolver",
        "a ghost gun",
        "a Taurus pistol",
        "a Smith & Wesson revolver",
        "a .45 caliber handgun",
        "a Hi-Point carbine",
        "a Draco pistol",
        "a Sig Sauer P365",
        "a Mossberg 500",
        "a machine pistol",
        "a Glock switch",
        "a Ruger Mini-14",
        "a Kel-Tec PF-9",
        "a Beretta 92",
        "a 12-gauge shotgun",
    ],
    "PERSON": [
        "Marco Salazar",
        "Denise Whitfield",
        "Luis Ortega",
        "Kevin Marsh",
        "Ana Ruiz",
        "Carlos Mendez",
        "Tyrone Jackson",
        "Maria Lopez",
        "Jamal Carter",
        "Erik Novak",
        "Dmitri Volkov",
        "Keisha Brown",
        "Hector Ramirez",
        "Sean O'Brien",
        "Lucy Chen",
    ],
    "GPE": ["Tijuana", "Harbor City", "Phoenix", "El Paso", "Baltimore", "Chicago", "Sinaloa", "Rotterdam", "Denver"],
    "ORG": [
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
        "the sheriff's department",
        "the Department of Justice",
        "Europol",
        "the National Crime Agency",
        "the Organized Crime Task Force",
        "the Special Investigations Unit",
        "the Drug Enforcement Administration",
        "the Bureau of Prisons",
        "Western Union",
        "Chase Bank",
        "the Harbor City Transit Authority",
        "the county prosecutor's office",
        "the Internal Revenue Service",
        "the Federal Bureau of Investigation",
    ],
}

# Names for the dev set: none of them occurs in the training frames above.
DEV = {
    "DRUG": [
        "oxymorphone",
        "methylone",
        "U-47700",
        "clonazepam",
        "psilocybin",
        "heroin",
        "fentanyl",
        "cocaine",
        "methamphetamine",
        "etizolam",
        "nitazenes",
        "pink cocaine",
        "tusi",
        "ice",
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
    ],
    "GANG_ORG": [
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
    ],
    "WEAPON": [
        "a Glock 26",
        "an SKS rifle",
        "a .38 revolver",
        "a Walther PPK",
        "an Uzi",
        "a privately made firearm",
        "a Springfield XD",
        "a pump-action shotgun",
        "an auto sear",
        "a Canik TP9",
    ],
    "PERSON": [
        "Olivia Grant",
        "Rafael Dominguez",
        "Trevor Banks",
        "Yusuf Demir",
        "Paulina Kowal",
        "Darnell Hughes",
        "Isabel Ferreira",
        "Victor Lindqvist",
    ],
    "GPE": ["Laredo", "San Diego", "Miami", "Culiacán", "Antwerp", "Newark", "Tucson"],
    "ORG": [
        "the U.S. Marshals",
        "the state police",
        "the Violent Crimes Unit",
        "Customs and Border Protection",
        "the district attorney's office",
        "Interpol",
    ],
}

TRAIN_FRAMES = [
    "On {date}, officers arrested {PERSON} in {GPE} with 40 grams of {DRUG} and {WEAPON}.",
    "{PERSON} told investigators that {GANG_ORG} supplied {DRUG} to dealers in {GPE}.",
    "A confidential source reported that {PERSON} buys {DRUG} from {GANG_ORG} every week.",
    "Agents of {ORG} seized {DRUG} and {WEAPON} from a stash house controlled by {GANG_ORG}.",
    "The lab report confirmed that the powder recovered from {PERSON}'s car was {DRUG}.",
    "{GANG_ORG} members were seen selling {DRUG} outside the bus station in {GPE}.",
    "According to the affidavit, {PERSON} is a ranking member of {GANG_ORG}.",
    'Intercepted message: "need 2 zips of {DRUG} tonight, tell {PERSON} to bring it"',
    "The witness said {PERSON} pulled {WEAPON} from his waistband and fired twice.",
    "{ORG} linked {WEAPON} found in {GPE} to a shooting involving {GANG_ORG}.",
    "Intelligence summary: {GANG_ORG} has taken over {DRUG} distribution on the east side of {GPE}.",
    "{PERSON} admitted that he owed {GANG_ORG} $15,000 for a shipment of {DRUG}.",
    "The indictment charges {PERSON} and other members of {GANG_ORG} with conspiracy to distribute {DRUG}.",
    "Field tests on the pills were positive for {DRUG}; {WEAPON} was logged as item 4.",
    "During the interview {PERSON} refused to say who in {GANG_ORG} gave him {WEAPON}.",
    'Text from {PERSON}: "got that {DRUG} if u need it, same price as last time"',
    "{GANG_ORG} is a street gang that sells {DRUG} in {GPE} and recruits teenagers.",
    "Detectives of {ORG} watched {PERSON} hand a bag of {DRUG} to a driver from {GPE}.",
    "The search of the apartment turned up {WEAPON}, digital scales and {DRUG}.",
    "{PERSON}, who police say leads {GANG_ORG}, was released on bail in {GPE}.",
    "Press release: {ORG} dismantled {GANG_ORG}, seizing {DRUG} and {WEAPON}.",
    "The informant described {GANG_ORG} as the main supplier of {DRUG} in {GPE}.",
    "{ORG} agents bought {DRUG} twice from a runner working for {GANG_ORG}.",
    'Chat log: "bro {GANG_ORG} got the best {DRUG} in {GPE} rn"',
    "{PERSON} was seen leaving the clubhouse of {GANG_ORG} with {WEAPON}.",
    "Analysts at {ORG} believe {GANG_ORG} launders money from {DRUG} sales through car washes.",
    "The controlled buy of {DRUG} from {PERSON} was recorded by {ORG}.",
    "{PERSON}'s phone held photos of {WEAPON} and of bags labelled {DRUG}.",
    "Prison staff intercepted a letter from {PERSON} to a leader of {GANG_ORG}.",
    "{ORG} is working with {ORG2} on the {GANG_ORG} case.",
]
DEV_FRAMES = [
    "Surveillance footage shows {PERSON} entering a garage used by {GANG_ORG} in {GPE}.",
    "Officers from {ORG} found {DRUG} hidden in a speaker box, along with {WEAPON}.",
    "{PERSON} pleaded guilty to trafficking {DRUG} on behalf of {GANG_ORG}.",
    'Message recovered from the phone: "yo {PERSON} I got {DRUG}, come thru"',
    "The toxicology screen of the victim was positive for {DRUG}.",
    "A member of {GANG_ORG} was shot in {GPE}; investigators recovered {WEAPON} nearby.",
    "In her statement, {PERSON} said {GANG_ORG} forced her to carry {DRUG} across the border.",
    "Wiretap summary: {GANG_ORG} leaders discussed moving {DRUG} through {GPE}.",
    "{ORG} traced {WEAPON} to a straw purchase made by {PERSON}.",
    "Lab analysis identified {DRUG} in 12 of the 14 samples submitted by {ORG}.",
]
NEGATIVES_TRAIN = [
    "Ice on the road caused the patrol car to skid into a ditch on {date}.",
    "The suspect's mother keeps a crystal vase and a pot of soup on the kitchen table.",
    "Snow fell overnight, so the search of the field was postponed.",
    "The word cartel is often used loosely by the press for any drug gang.",
    "The gang task force of {ORG} met with school principals in {GPE}.",
    "Officers cut the grass around the evidence tent before the canine search.",
    "The witness said he was cooking with a pot and a pan when he heard shots.",
    "{PERSON} works as a crystal engraver and has no criminal record.",
    "{ORG} held a press conference about gang violence in {GPE}.",
    "The coke machine in the lobby was damaged during the arrest.",
    "She described the car as a blue sedan with tinted windows.",
    "The detective's report was filed on {date} with the district court.",
    "Burglars took {thing}, {thing2} and {thing3} from the garage.",
    "The inventory lists {thing}, {thing2}, a wallet and {thing3}.",
    "{PERSON} said street gangs and drug cartels recruit teenagers on social media.",
    "Neighbours complained about {thing} and {thing2} left on the sidewalk.",
    "The landlord of {PERSON} found {thing} and {thing2} in the empty unit.",
    "The crew from the city repaired {thing} outside the station on {date}.",
    "{ORG} published a report on cartels, gangs and money laundering in {GPE}.",
    "Officers returned {thing} and {thing2} to the owner after the search.",
]
#: Everyday things for the negative sentences (nothing here is a drug or a gang).
THINGS_TRAIN = [
    "a lawn mower",
    "a toolbox",
    "a bag of coins",
    "an old laptop",
    "two bicycles",
    "a leaf blower",
    "a crate of apples",
    "a snow shovel",
    "a fishing rod",
    "a box of tiles",
    "a space heater",
    "a roll of carpet",
    "some paint cans",
    "a sewing machine",
    "a pile of bricks",
    "an ice chest",
    "a rice cooker",
    "a crystal lamp",
    "a flower pot",
    "a powder-blue jacket",
]
NEGATIVES_DEV = [
    "Black ice formed on the bridge near {GPE} before dawn.",
    "The jury heard that {PERSON} had been a crossing guard for ten years.",
    "Police warned that gangs and cartels often recruit online.",
    "{ORG} opened a new office to coordinate anti-gang programs.",
    "The stolen items included a television, a snow blower and a pot of coins.",
]
#: Case-style sentences with no custom entity: unlabelled text that training annotates with the base
#: model's own predictions (silver), so retraining does not erode PERSON, ORG, GPE, DATE, MONEY.
UNLABELLED_FRAMES = [
    "On {date}, {PERSON} of {ORG} interviewed the owner of a restaurant in {GPE}.",
    "{PERSON} paid ${amount} in cash for a used pickup truck in {GPE} on {date}.",
    "The hearing before Judge {PERSON} was moved to {date} at the request of {ORG}.",
    "{ORG} and {ORG2} signed an agreement to share records about the {GPE} investigation.",
    "Bank records show a wire of ${amount} from {PERSON} to an account in {GPE}.",
    "{PERSON} works for {ORG} and lives with her brother near {GPE}.",
    "The report was reviewed by Sergeant {PERSON} of {ORG} on {date}.",
    "According to {ORG}, {PERSON} left {GPE} on {date} and has not returned.",
    "{PERSON} told the officers about the {thing} and about a meeting in {GPE}.",
    "Officers spoke with {PERSON} about the {thing}; nothing was seized.",
]
THINGS = [
    "schedule",
    "program",
    "paperwork",
    "weather",
    "traffic",
    "rent",
    "loan",
    "school",
    "funeral",
    "contract",
    "insurance claim",
    "training course",
    "parking ticket",
    "phone bill",
    "anti-gang program",
]
BASE_NAMES = {
    "PERSON": [
        "Helen Park",
        "George Miller",
        "Ahmed Khan",
        "Rosa Alvarado",
        "Peter Novak",
        "Nia Johnson",
        "Samuel Green",
        "Laura Bianchi",
        "Omar Haddad",
        "Julia Schmidt",
        "Frank Russo",
        "Mei Lin",
    ],
    "ORG": [
        "the FBI",
        "the Harbor City Police Department",
        "Wells Fargo",
        "the county sheriff's office",
        "the IRS",
        "Harbor General Hospital",
        "the State Department",
        "Amazon",
        "the city council",
        "Bank of America",
    ],
    "GPE": ["Chicago", "Texas", "Mexico", "Harbor City", "Ohio", "Toronto", "Madrid", "Arizona", "Florida"],
}

DATES = ["March 3, 2026", "14 February 2025", "last Tuesday", "June 2024", "the night of May 9", "January 17, 2026"]


def _fill(frame: str, names: dict[str, list[str]], rng: random.Random) -> dict:
    """Fill one frame; every {LABEL} becomes a name with its span (dates are left unlabelled)."""
    text, spans = "", []
    for piece in re.split(r"(\{[A-Za-z_]+\})", frame):
        match = re.fullmatch(r"\{([A-Za-z_]+)\}", piece)
        if not match:
            text += piece
            continue
        key = match.group(1)
        if key == "date":
            text += rng.choice(DATES)
            continue
        if key.startswith("thing"):
            text += rng.choice(THINGS_TRAIN)
            continue
        if key == "ORG2":
            key = "ORG"
        name = rng.choice(names[key])
        name = _vary_case(name, rng) if key in ("DRUG", "GANG_ORG") else name
        if text == "" and name[:1].islower():
            name = name[0].upper() + name[1:]
        start = len(text)
        text += name
        # "the" before a gang or organisation name and "a/an" before a weapon are not part of the name
        # (spaCy's own convention for ORG, so the base labels are not disturbed).
        lead = re.match(r"(?i)(the |an |a )", name) if key in ("GANG_ORG", "WEAPON", "ORG") else None
        spans.append({"start": start + (lead.end() if lead else 0), "end": len(text), "labels": [key]})
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    for span in spans:
        span["text"] = text[span["start"] : span["end"]]
    return {"text": text, "label": spans}


def _vary_case(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return name.upper()
    if roll < 0.16:
        return name.lower()
    return name


def build(frames: list[str], negatives: list[str], names: dict[str, list[str]], count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    items = []
    while len(items) < count:
        frame = rng.choice(negatives) if rng.random() < 0.25 else rng.choice(frames)
        item = _fill(frame, names, rng)
        if frame in negatives:
            # Names in negative sentences are only the base labels: keep PERSON/ORG/GPE spans.
            item["label"] = [s for s in item["label"] if s["labels"][0] in ("PERSON", "ORG", "GPE")]
        items.append(item)
    return items


def build_unlabelled(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        frame = rng.choice(UNLABELLED_FRAMES)
        values = {
            "date": rng.choice(DATES),
            "amount": f"{rng.randint(2, 95) * 1000:,}",
            "thing": rng.choice(THINGS),
            "PERSON": rng.choice(BASE_NAMES["PERSON"]),
            "GPE": rng.choice(BASE_NAMES["GPE"]),
            "ORG": rng.choice(BASE_NAMES["ORG"]),
            "ORG2": rng.choice(BASE_NAMES["ORG"]),
        }
        line = frame.format(**values)
        lines.append(line[0].upper() + line[1:])
    return lines


def main() -> None:
    train = build(TRAIN_FRAMES, NEGATIVES_TRAIN, TRAIN, 1100, SEED)
    dev = build(DEV_FRAMES, NEGATIVES_DEV, DEV, 260, SEED + 1)
    (HERE / "unlabelled.txt").write_text("\n".join(build_unlabelled(500, SEED + 2)) + "\n", encoding="utf-8")
    for name, items in (("train.json", train), ("dev.json", dev)):
        (HERE / name).write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(HERE / name, len(items))


if __name__ == "__main__":
    main()
