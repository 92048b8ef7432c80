"""Generated Dutch complaint stories for seed-bulk, varied enough for search to be measured.

A benchmark of search over a million copies of twenty sentences measures nothing: every word
would match every complaint. These stories are put together from templates per category with
products per sector, channels, places, months and numbers, so words range from very common
("klantenservice") through product words (a few percent) to rare ones (a town, a device),
as in real complaints. Plain text only: no Markdown, no personal data.
"""

from __future__ import annotations

import random

PRODUCTS = {
    "telecom": ["router", "modem", "glasvezelaansluiting", "simkaart", "mobiel abonnement",
                "internetverbinding", "tv-pakket", "wifi-versterker", "vaste lijn",
                "prepaidtegoed", "nummerbehoud", "5G-abonnement"],
    "energy": ["slimme meter", "energiecontract", "termijnbedrag", "jaarafrekening",
               "zonnepanelen", "warmtepomp", "terugleverkosten", "gasaansluiting",
               "meterstand", "laadpaal", "stadsverwarming"],
    "finance": ["betaalpas", "creditcard", "hypotheekofferte", "spaarrekening",
                "autoverzekering", "inboedelverzekering", "schadeclaim", "bankapp",
                "overboeking", "reisverzekering", "rekening-courant"],
    "government": ["toeslag", "belastingaanslag", "vergunning", "paspoortaanvraag",
                   "parkeervergunning", "WOZ-beschikking", "afvalpas", "uitkering",
                   "bezwaarschrift", "DigiD-machtiging"],
    "travel": ["treinkaartje", "OV-chipkaart", "vlucht", "koffer", "hotelboeking",
               "ov-abonnement", "pakketreis", "huurauto", "veerboot", "stoelreservering"],
    "retail": ["bestelling", "retourzending", "wasmachine", "bankstel", "winterjas",
               "cadeaubon", "matras", "fiets", "boodschappenbezorging", "kinderwagen"],
    "electronics": ["laptop", "smartphone", "televisie", "koptelefoon", "wasdroger",
                    "koelkast", "stofzuiger", "spelcomputer", "e-reader", "printer"],
    "health": ["zorgverzekering", "declaratie", "tandartsnota", "fysiotherapie",
               "machtiging", "brillenglazen", "hoortoestel", "eigen risico", "apotheek",
               "huisartsenpost"],
    "other": ["abonnement", "lidmaatschap", "sportschoolpas", "verhuisdoos", "opslagbox",
              "schoonmaakdienst", "kinderopvang", "cursus"],
}
CHANNELS = ["de telefoon", "de chat", "e-mail", "WhatsApp", "Twitter", "Facebook",
            "het contactformulier", "de winkel", "een brief", "de app"]
TOWNS = ["Amsterdam", "Rotterdam", "Utrecht", "Groningen", "Eindhoven", "Zwolle", "Maastricht",
         "Leeuwarden", "Den Haag", "Tilburg", "Almere", "Breda", "Nijmegen", "Enschede",
         "Haarlem", "Arnhem", "Amersfoort", "Apeldoorn", "Delft", "Leiden", "Deventer",
         "Venlo", "Middelburg", "Assen", "Alkmaar", "Hoorn", "Gouda", "Emmen", "Heerlen",
         "Dordrecht", "Zaandam", "Lelystad", "Roermond", "Terneuzen", "Harderwijk",
         "Hilversum", "Den Helder", "Sneek", "Meppel", "Oss"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
PEOPLE = ["een medewerker", "de monteur", "de chatbot", "een teamleider", "de bezorger",
          "een collega van de klantenservice", "de afdeling klachten", "een stagiair"]

TITLES = {
    "reachability": ["{n} keer gebeld over mijn {product}, nooit iemand gesproken",
                     "Wachttijd van {minutes} minuten en dan verbroken",
                     "Via {channel} geen antwoord over mijn {product}",
                     "Terugbelverzoek over {product} nooit beantwoord"],
    "billing": ["Factuur voor {product} klopt niet",
                "Dubbel afgeschreven voor mijn {product}",
                "Incasso na opzegging van {product}",
                "Te hoog bedrag voor {product} in {month}"],
    "delivery": ["Monteur kwam {n} keer niet opdagen",
                 "{product} als bezorgd gemeld maar nooit ontvangen",
                 "Installatie van {product} al {weeks} weken uitgesteld",
                 "Afspraak voor {product} in {town} zonder bericht afgezegd"],
    "outage": ["Al {n} dagen storing aan mijn {product}",
               "{product} kapot binnen een maand, reparatie duurt eindeloos",
               "Storing gemeld, ticket gesloten zonder oplossing",
               "Geen {product} in heel {town} en niemand weet waarom"],
    "contract": ["Opzeggen van {product} lukt niet",
                 "Overstappen duurt al {weeks} weken",
                 "Contract voor {product} stilzwijgend verlengd",
                 "Boete voor opzeggen {product} terwijl dat niet klopt"],
    "advice": ["Verkeerd advies gekregen over mijn {product}",
               "Medewerker beloofde korting op {product} die er nooit kwam",
               "Elke keer een ander antwoord over {product}"],
    "privacy": ["Mijn gegevens gedeeld zonder toestemming",
                "Post voor iemand anders over {product} ontvangen",
                "Ongevraagd gebeld over {product} na uitschrijven"],
    "other": ["Slechte ervaring met {product}",
              "Klacht over {product} wordt niet serieus genomen"],
}
SENTENCES = {
    "reachability": [
        "Ik heb de klantenservice {n} keer gebeld en elke keer een ander antwoord gekregen.",
        "Na {minutes} minuten in de wacht werd de verbinding verbroken.",
        "Via {channel} kreeg ik alleen een automatisch antwoord.",
        "Er werd beloofd dat ik binnen twee werkdagen zou worden teruggebeld, maar dat gebeurde "
        "niet.",
        "Het keuzemenu stuurt me steeds terug naar het begin.",
    ],
    "billing": [
        "Op de factuur van {month} staat een bedrag van {euros} euro dat ik niet herken.",
        "Het bedrag voor mijn {product} is dubbel afgeschreven en ik krijg het niet terug.",
        "Na de opzegging is er nog {n} keer geïncasseerd.",
        "Een creditnota werd toegezegd maar is nooit gekomen.",
        "Ik heb de incasso laten terugboeken en kreeg toen een aanmaning.",
    ],
    "delivery": [
        "De monteur zou tussen acht en twaalf komen, maar kwam niet en belde niet af.",
        "Mijn {product} staat volgens de site als bezorgd, maar er is niets afgeleverd in "
        "{town}.",
        "Ik heb {n} dagen vrij genomen voor afspraken die niet doorgingen.",
        "De bezorger zegt dat niemand thuis was, terwijl ik de hele dag thuis zat.",
        "De installatie werd halverwege afgebroken omdat er onderdelen ontbraken.",
    ],
    "outage": [
        "Sinds {month} valt mijn {product} elke avond uit.",
        "Op de website staat dat de storing bekend is, maar niemand kan zeggen wanneer het "
        "klaar is.",
        "Het ticket werd gesloten terwijl het probleem er nog steeds is.",
        "Een herstart helpt hooguit een uur, daarna begint het opnieuw.",
        "De buren in {town} hebben hetzelfde probleem.",
    ],
    "contract": [
        "Ik heb mijn {product} in {month} opgezegd, maar het contract loopt gewoon door.",
        "Bij het overstappen is mijn nummer kwijtgeraakt.",
        "Het contract is zonder bericht met een jaar verlengd.",
        "Ik kreeg een opzegbevestiging, maar daarna toch weer een factuur.",
    ],
    "advice": [
        "In de winkel zeiden ze dat ik moest bellen, aan de telefoon zeiden ze dat ik naar de "
        "winkel moest.",
        "{person} beloofde een vergoeding, maar daar weet nu niemand meer iets van.",
        "Het advies over mijn {product} bleek achteraf helemaal niet te kloppen.",
    ],
    "privacy": [
        "Ik ontving post met de gegevens van een andere klant.",
        "Na het uitschrijven word ik nog steeds gebeld met aanbiedingen.",
        "Niemand kan vertellen aan wie mijn gegevens zijn doorgegeven.",
    ],
    "other": [
        "Ik voel me niet serieus genomen.",
        "Het duurt nu al {weeks} weken en er gebeurt niets.",
    ],
}
COMMON = [
    "Inmiddels ben ik er uren mee bezig geweest.",
    "Ik wil gewoon dat iemand het probleem oplost en me laat weten wat er is misgegaan.",
    "{person} zei dat het binnen een week geregeld zou zijn.",
    "Ik heb alles bewaard: e-mails, chatgesprekken en de data van elk telefoontje.",
    "Dit is de {n}e keer dat ik contact opneem.",
    "Via {channel} werd ik doorverwezen naar de veelgestelde vragen.",
    "Ik ben al {years} jaar klant en word zo behandeld.",
    "Mijn klacht van {month} is nog altijd niet beantwoord.",
]


def story(rng: random.Random, sector: str, category: str) -> tuple[str, str]:
    """A title and a story of two to six sentences about one company of `sector`."""
    slots = {
        "product": rng.choice(PRODUCTS.get(sector, PRODUCTS["other"])),
        "channel": rng.choice(CHANNELS), "town": rng.choice(TOWNS),
        "month": rng.choice(MONTHS), "person": rng.choice(PEOPLE),
        "n": rng.randint(2, 12), "minutes": rng.choice([20, 35, 45, 50, 60, 75, 90, 120]),
        "weeks": rng.randint(2, 16), "years": rng.randint(2, 25),
        "euros": f"{rng.randint(12, 900)},{rng.randint(0, 99):02d}",
    }
    titles = TITLES.get(category, TITLES["other"])
    title = rng.choice(titles).format(**slots)
    own = SENTENCES.get(category, SENTENCES["other"])
    chosen = rng.sample(own, min(len(own), rng.randint(1, 3)))
    chosen += rng.sample(COMMON, rng.randint(1, 3))
    rng.shuffle(chosen)
    body = " ".join(sentence.format(**slots) for sentence in chosen)
    return title[0].upper() + title[1:], body[0].upper() + body[1:]
