"""Demo data for seed-demo: fictional Dutch companies, people and helpdesk stories."""

from __future__ import annotations

# Display names as people use them on forums. Demo authors cannot sign in.
AUTHORS: list[str] = [
    "Marieke van Dam",
    "Henk B.",
    "Fatima El Amrani",
    "J. de Vries",
    "Sanne",
    "Ruud uit Zwolle",
    "Priya Ramdin",
    "Kees Hoogendoorn",
    "Anouk",
    "Mohamed B.",
    "Ingrid Wolters",
    "Bas van der Linden",
    "Yvonne K.",
    "Thijs",
    "Gerda uit Emmen",
    "Dennis Kok",
    "Lotte Jansen",
    "W. Bakker",
    "Esra Yilmaz",
    "Peter de Groot",
    "Floor",
    "Ahmed uit Utrecht",
    "Corrie Visser",
    "Jeroen M.",
]

# Fictional companies: every domain ends in .example; the slug is what slugify makes of the name.
COMPANIES: list[dict] = [
    {
        "slug": "zendgolf-mobiel",
        "name": "Zendgolf Mobiel",
        "sector": "telecom",
        "domains": ["zendgolf-mobiel.example", "zendgolf.example"],
        "description": (
            "Mobiele provider met sim-only abonnementen en telefoons op afbetaling. Klantcontact "
            "via telefoon, chat, de Zendgolf-app en een handvol winkels."
        ),
        "website": "https://zendgolf-mobiel.example",
    },
    {
        "slug": "glaslijn-internet",
        "name": "Glaslijn Internet",
        "sector": "telecom",
        "domains": ["glaslijn.example"],
        "description": (
            "Aanbieder van internet, tv en vaste telefonie via glasvezel in middelgrote gemeenten. "
            "De aanleg gebeurt door eigen monteurs en onderaannemers."
        ),
        "website": "https://glaslijn.example",
    },
    {
        "slug": "verbinding-noord",
        "name": "Verbinding Noord",
        "sector": "telecom",
        "domains": ["verbindingnoord.example"],
        "description": (
            "Regionale kabelaanbieder voor internet en televisie in Groningen, Friesland en "
            "Drenthe."
        ),
        "website": "https://verbindingnoord.example",
    },
    {
        "slug": "stroomlijn-energie",
        "name": "Stroomlijn Energie",
        "sector": "energy",
        "domains": ["stroomlijn-energie.example", "stroomlijn.example"],
        "description": (
            "Leverancier van stroom en gas aan huishoudens, met vaste en variabele contracten. "
            "Klantcontact loopt grotendeels via de app en de chat."
        ),
        "website": "https://stroomlijn-energie.example",
    },
    {
        "slug": "zonnedijk-energie",
        "name": "Zonnedijk Energie",
        "sector": "energy",
        "domains": ["zonnedijk.example"],
        "description": (
            "Groene energieleverancier die ook zonnepanelen en thuisbatterijen verkoopt en laat "
            "installeren."
        ),
        "website": "https://zonnedijk.example",
    },
    {
        "slug": "warmtenet-amstelland",
        "name": "Warmtenet Amstelland",
        "sector": "energy",
        "domains": ["warmtenet-amstelland.example"],
        "description": (
            "Levert stadswarmte en warm water aan woningen in een aantal nieuwbouwwijken en "
            "beheert de warmtemeters."
        ),
        "website": "https://warmtenet-amstelland.example",
    },
    {
        "slug": "spaarhaven-bank",
        "name": "Spaarhaven Bank",
        "sector": "finance",
        "domains": ["spaarhaven.example"],
        "description": (
            "Kleine internetbank voor betalen, sparen en hypotheken. Geen kantoren: contact via de "
            "app, de chat en de telefoon."
        ),
        "website": "https://spaarhaven.example",
    },
    {
        "slug": "heffingsbureau-midden-delta",
        "name": "Heffingsbureau Midden-Delta",
        "sector": "government",
        "domains": ["heffingsbureau-middendelta.example"],
        "description": (
            "Samenwerkingsverband van gemeenten en een waterschap dat de lokale belastingen int en "
            "de WOZ-waarde van woningen vaststelt."
        ),
        "website": "https://heffingsbureau-middendelta.example",
    },
    {
        "slug": "zuiderbus",
        "name": "Zuiderbus",
        "sector": "travel",
        "domains": ["zuiderbus.example"],
        "description": (
            "Vervoerder die het streekvervoer per bus verzorgt in delen van Noord-Brabant en "
            "Limburg."
        ),
        "website": "https://zuiderbus.example",
    },
    {
        "slug": "duinvalk-reizen",
        "name": "Duinvalk Reizen",
        "sector": "travel",
        "domains": ["duinvalk-reizen.example", "duinvalk.example"],
        "description": (
            "Reisorganisatie voor pakketreizen, stedentrips en zonvakanties, online en via een "
            "paar eigen reisbureaus."
        ),
        "website": "https://duinvalk-reizen.example",
    },
    {
        "slug": "huis-haard-webwinkel",
        "name": "Huis & Haard Webwinkel",
        "sector": "retail",
        "domains": ["huisenhaard.example"],
        "description": (
            "Webwinkel in meubels, verlichting en woonaccessoires, met een eigen bezorgdienst voor "
            "grote artikelen."
        ),
        "website": "https://huisenhaard.example",
    },
    {
        "slug": "snelkoop",
        "name": "Snelkoop",
        "sector": "retail",
        "domains": ["snelkoop.example"],
        "description": (
            "Grote webwinkel met alles van speelgoed tot keukenapparatuur. Een deel van het aanbod "
            "komt van externe verkopers op het eigen platform."
        ),
        "website": "https://snelkoop.example",
    },
    {
        "slug": "voltmarkt",
        "name": "Voltmarkt",
        "sector": "electronics",
        "domains": ["voltmarkt.example", "voltmarkt-service.example"],
        "description": (
            "Winkelketen en webwinkel voor elektronica en witgoed, met een eigen reparatieservice."
        ),
        "website": "https://voltmarkt.example",
    },
    {
        "slug": "zorggerust-verzekering",
        "name": "ZorgGerust Verzekering",
        "sector": "health",
        "domains": ["zorggerust.example"],
        "description": (
            "Zorgverzekeraar met een basisverzekering en aanvullende pakketten. Declareren gaat "
            "via de app of per post."
        ),
        "website": "https://zorggerust.example",
    },
    {
        "slug": "pakketbode",
        "name": "Pakketbode",
        "sector": "other",
        "domains": ["pakketbode.example"],
        "description": (
            "Bezorgdienst voor pakketten van webwinkels, met afhaalpunten in winkels en "
            "supermarkten."
        ),
        "website": "https://pakketbode.example",
    },
]

# `author` indexes AUTHORS. `days_ago` is when the story was submitted; `rating` belongs to
# resolved stories, `rejection_reason` to rejected and `removal_reason` to removed ones.
# seed.py branches on days_ago for withdrawn (odd: withdrawn before moderation) and removed
# or withdrawn stories (divisible by 3: the company answered first).
# No title, body or desired outcome may contain anything that looks like personal data
# (long digit runs, e-mail addresses, IBANs, postcodes); tests/test_demo.py checks this.
COMPLAINTS: list[dict] = [
    # Zendgolf Mobiel
    {
        "company": "zendgolf-mobiel",
        "author": 0,
        "category": "outage",
        "status": "open",
        "days_ago": 9,
        "title": (
            "Al drie dagen geen mobiel internet en de storingspagina zegt dat er niets aan de hand "
            "is"
        ),
        "body": (
            "Sinds zaterdagochtend heb ik op mijn telefoon geen mobiel internet meer. Bellen en "
            "sms'en gaat gewoon, maar data doet helemaal niets, ook niet na herstarten, de "
            "simkaart eruit en er weer in, en de instellingen opnieuw laten toesturen.\n\n"
            "Op de storingspagina van Zendgolf Mobiel staat voor mijn woonplaats steeds 'geen "
            "storingen bekend'. In de app krijg ik het advies om mijn telefoon te herstarten. Dat "
            "heb ik inmiddels een keer of tien gedaan.\n\n"
            "Ik heb vier keer contact gehad:\n\n"
            "- zaterdag via de chat: 'we zetten een melding voor u uit', zonder meldingsnummer;\n"
            "- zondag telefonisch: na 35 minuten wachten hoorde ik dat de melding van zaterdag "
            "niet bestond;\n"
            "- maandag weer de chat: mijn simkaart zou 'opnieuw worden geactiveerd' en binnen twee "
            "uur zou alles werken;\n"
            "- dinsdag telefonisch: 'het ligt waarschijnlijk aan uw toestel'.\n\n"
            "Mijn toestel werkt prima met de simkaart van mijn man, die ook bij Zendgolf zit. Het "
            "ligt dus aan mijn simkaart of aan mijn abonnement, niet aan de telefoon. Ondertussen "
            "betaal ik gewoon door voor een bundel die ik niet kan gebruiken, en ik werk veel "
            "onderweg."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 4,
        "desired_outcome": (
            "Dat iemand het probleem echt onderzoekt in plaats van mij steeds te laten herstarten, "
            "en dat de dagen zonder internet worden verrekend."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 1,
        "category": "billing",
        "status": "answered",
        "days_ago": 34,
        "title": "Na opzeggen nog twee keer afgeschreven door Zendgolf Mobiel",
        "body": (
            "Ik heb mijn abonnement in januari netjes opgezegd via het formulier op de website, "
            "met een maand opzegtermijn. Ik kreeg een automatische bevestiging, maar daar stond "
            "geen einddatum in.\n\n"
            "In maart en april werd er toch weer € 24,50 afgeschreven. Mijn nummer was toen al "
            "overgezet naar een andere provider, dus ik gebruikte helemaal niets meer.\n\n"
            "De eerste keer dat ik belde, zei de medewerker dat de opzegging 'niet in het systeem' "
            "stond. De tweede keer stond hij er wel, maar met een einddatum in mei. Waarom mei? "
            "Dat kon niemand uitleggen. Ik ben twee keer doorverbonden met 'de afdeling "
            "opzeggingen', die na zes uur 's avonds niet meer bereikbaar blijkt te zijn, en één "
            "keer kreeg ik te horen: 'U bent doorverbonden met de verkeerde afdeling, ik zet u "
            "even terug in de wacht.'\n\n"
            "De incasso van april heb ik bij mijn bank teruggeboekt. Nu krijg ik een "
            "betalingsherinnering met € 7,50 aanmaningskosten erbij. Dat vind ik echt de wereld op "
            "zijn kop."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 60,
        "desired_outcome": (
            "Dat de twee incasso's van € 24,50 worden terugbetaald, de aanmaning wordt ingetrokken "
            "en ik schriftelijk bevestigd krijg dat mijn abonnement per 1 februari is beëindigd."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 4,
        "category": "reachability",
        "status": "resolved",
        "days_ago": 71,
        "title": (
            "Chatbot stuurt me steeds naar de veelgestelde vragen, een mens krijg ik niet te "
            "spreken"
        ),
        "body": (
            "Ik wilde alleen mijn bundel aanpassen, omdat die optie in de app grijs blijft. De "
            "chatbot stuurt me bij elke vraag naar hetzelfde artikel uit de veelgestelde vragen, "
            "dat over iets heel anders gaat.\n\n"
            "Typ je 'medewerker', dan krijg je: 'Ik begrijp dat u een medewerker wilt spreken. "
            "Bekijk eerst deze artikelen.' Typ je het nog een keer, dan begint het gesprek "
            "opnieuw. Het telefoonnummer op de site verwijst je na het keuzemenu terug naar... de "
            "chat.\n\n"
            "Negen pogingen in drie weken. Uiteindelijk ben ik naar een winkel gegaan, waar ze me "
            "ook niet konden helpen, omdat 'winkels geen toegang hebben tot abonnementen'."
        ),
        "contacts_before": 9,
        "first_contact_days_ago": 21,
        "desired_outcome": (
            "Een manier om een echt mens te spreken als de app en de chat niet werken."
        ),
        "rating": 3,
    },
    {
        "company": "zendgolf-mobiel",
        "author": 7,
        "category": "contract",
        "status": "answered",
        "days_ago": 15,
        "title": "Nummerbehoud mislukt: twee weken zonder werkend telefoonnummer",
        "body": (
            "Ik ben overgestapt naar Zendgolf Mobiel omdat ze een aantrekkelijke aanbieding hadden "
            "voor sim-only. Bij het afsluiten heb ik aangegeven dat ik mijn nummer wilde meenemen. "
            "Dat nummer heb ik al meer dan twintig jaar; mijn klanten, de school van de kinderen "
            "en de huisarts hebben het allemaal. Wat volgde, waren twee weken waarin ik voor "
            "niemand bereikbaar was.\n\n"
            "**Hoe het ging**\n\n"
            "- **Dag 1 (maandag):** de simkaart komt binnen, met een brief dat mijn nummer 'binnen "
            "vijf werkdagen' wordt overgezet. Prima.\n"
            "- **Dag 4:** mijn oude simkaart stopt ermee. De nieuwe werkt wel, maar met een "
            "tijdelijk nummer. Ik denk: dat is de overgang, morgen is het klaar.\n"
            "- **Dag 6:** nog steeds het tijdelijke nummer. Ik bel de klantenservice. Na 40 "
            "minuten in de wacht zegt de medewerker dat de overzetting 'is afgewezen door de "
            "vorige provider'. Reden onbekend. Ik moet het opnieuw aanvragen in de app.\n"
            "- **Dag 6, 's avonds:** in de app staat de aanvraag op 'in behandeling'. Opnieuw "
            "aanvragen kan dus niet.\n"
            "- **Dag 7:** ik bel mijn vorige provider. Daar is helemaal geen verzoek "
            "binnengekomen, zeggen ze, en mijn nummer staat 'in quarantaine' omdat het contract is "
            "beëindigd.\n"
            "- **Dag 8:** terug naar Zendgolf. Ik word drie keer doorverbonden: naar 'technische "
            "ondersteuning', naar 'nummerbehoud' en weer naar de algemene lijn, waar een "
            "medewerker zegt dat ik 'even geduld moet hebben'. Er wordt een terugbelverzoek "
            "aangemaakt, 'binnen 24 uur'.\n"
            "- **Dag 10:** niet teruggebeld. Ik stuur een bericht via het contactformulier.\n"
            "- **Dag 11:** automatisch antwoord: 'We reageren binnen vijf werkdagen.'\n"
            "- **Dag 12:** ik ga naar een Zendgolf-winkel. Daar ziet een medewerker dat de "
            "aanvraag is ingediend met een verkeerde klantcode van mijn oude provider. Hij kan het "
            "zelf niet aanpassen, maar 'zet er een notitie bij'.\n"
            "- **Dag 14:** ik bel weer, vertel het verhaal voor de zoveelste keer, en deze keer "
            "krijg ik een medewerker die de aanvraag wél corrigeert. Twee dagen later werkt mijn "
            "eigen nummer weer.\n\n"
            "**Wat het me kostte**\n\n"
            "Ik werk als zelfstandige. Twee weken lang konden klanten me niet bellen en kregen ze "
            "de melding dat het nummer niet in gebruik was. Een paar mensen dachten dat ik gestopt "
            "was. Ik heb tientallen berichten moeten sturen met een tijdelijk nummer, en één "
            "opdracht is naar iemand anders gegaan omdat ik niet bereikbaar was.\n\n"
            "Daarnaast heb ik elf keer contact gehad, bij elkaar meer dan vijf uur in de wacht "
            "gestaan en moest ik overal zelf achteraan. Niemand nam de zaak op zich. Iedereen was "
            "vriendelijk, dat wil ik er eerlijk bij zeggen, maar vriendelijk is iets anders dan "
            "geholpen worden.\n\n"
            "**Wat ik had verwacht**\n\n"
            "Dat iemand bij Zendgolf had gezien dat de overzetting was mislukt, en mij had gebeld "
            "in plaats van andersom. De fout met de klantcode had op dag 6 al gevonden kunnen "
            "worden, niet op dag 12 aan een winkelbalie.\n\n"
            "Ik ben blij dat mijn nummer terug is, maar ik heb het gevoel dat dat vooral aan mijn "
            "eigen volharding ligt."
        ),
        "contacts_before": 11,
        "first_contact_days_ago": 16,
        "desired_outcome": (
            "Een excuus en kwijtschelding van de eerste maand abonnement. Ook hoor ik graag wat "
            "Zendgolf verandert, zodat een mislukte overzetting voortaan wordt opgemerkt voordat "
            "de klant erachter komt."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 16,
        "category": "delivery",
        "status": "pending",
        "days_ago": 2,
        "title": "Nieuwe telefoon besteld, pakket staat op ‘bezorgd’ maar is nooit aangekomen",
        "body": (
            "Bij de verlenging van mijn abonnement heb ik een nieuwe telefoon besteld. Volgens de "
            "track-and-trace is het pakket vorige week donderdag om 14:12 'bezorgd bij de buren'. "
            "Welke buren staat er niet bij. Ik heb bij iedereen in de straat aangebeld; niemand "
            "heeft iets.\n\n"
            "Zendgolf zegt dat ik bij de vervoerder moet zijn. De vervoerder zegt dat alleen de "
            "afzender een onderzoek kan starten. Ondertussen loopt mijn nieuwe abonnement al, "
            "inclusief de maandelijkse termijn voor een telefoon die ik niet heb.\n\n"
            "Drie keer gebeld: twee keer 'we gaan het uitzoeken', één keer 'wacht u nog even af, "
            "soms komt het alsnog'. Het is nu tien dagen later."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 10,
        "desired_outcome": (
            "Dat Zendgolf het onderzoek bij de vervoerder zelf oppakt en de telefoon opnieuw "
            "verstuurt, of de termijnen stopzet tot ik een toestel heb."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 19,
        "category": "billing",
        "status": "resolved",
        "days_ago": 140,
        "title": "Roamingkosten van € 187 terwijl ik een bundel had die in de hele EU geldt",
        "body": (
            "Na een week vakantie in Oostenrijk kreeg ik een rekening met € 187 aan roamingkosten. "
            "Ik had vooraf nog gecontroleerd dat mijn bundel in de hele EU geldt, en dat "
            "bevestigde de chat ook.\n\n"
            "Op de specificatie bleek dat mijn telefoon een paar keer verbinding had gemaakt met "
            "een Zwitsers netwerk, vlak bij de grens. Dat is vervelend, maar ik heb geen enkele "
            "melding gekregen dat ik buiten de EU zat. De sms die je dan zou moeten krijgen, is "
            "nooit gekomen.\n\n"
            "Eerste reactie van de klantenservice: 'U bent zelf verantwoordelijk voor uw "
            "netwerkkeuze.' Daarna nog vier keer contact gehad, waaronder een medewerker die een "
            "'coulanceverzoek' zou indienen. Daar hoorde ik nooit meer iets van."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 30,
        "desired_outcome": (
            "Dat de roamingkosten worden gecrediteerd, omdat de waarschuwings-sms niet is "
            "verstuurd."
        ),
        "rating": 5,
    },
    {
        "company": "zendgolf-mobiel",
        "author": 13,
        "category": "outage",
        "status": "open",
        "days_ago": 6,
        "title": "Binnenshuis kan ik niet meer bellen sinds de ‘netwerkverbetering’",
        "body": (
            "Sinds de aangekondigde netwerkverbetering in onze wijk valt elk gesprek binnenshuis "
            "na een halve minuut weg. Buiten werkt het. De klantenservice zegt dat ik bellen via "
            "wifi moet aanzetten. Dat staat al aan."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 20,
        "desired_outcome": "",
    },
    {
        "company": "zendgolf-mobiel",
        "author": 11,
        "category": "advice",
        "status": "withdrawn",
        "days_ago": 58,
        "title": "Verkeerd advies over het omzetten van mijn abonnement naar zakelijk",
        "body": (
            "Ik ben een eenmanszaak begonnen en vroeg in de winkel of ik mijn privéabonnement kon "
            "omzetten naar een zakelijk abonnement, zodat ik de btw kan terugvragen. Dat kon "
            "'zonder problemen en zonder kosten', werd me verteld.\n\n"
            "Een maand later bleek dat mijn oude abonnement was beëindigd met een afkoopsom van € "
            "96, omdat het contract nog liep. Bij de klantenservice zeggen ze dat de winkel een "
            "'zelfstandige partner' is en dat zij niet weten wat daar gezegd is. De winkel "
            "verwijst terug naar de klantenservice.\n\n"
            "Ik heb nu drie keer hetzelfde verhaal verteld en iedereen wijst naar een ander."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 30,
        "desired_outcome": "Dat de afkoopsom van € 96 vervalt, omdat ik verkeerd ben geadviseerd.",
    },
    {
        "company": "zendgolf-mobiel",
        "author": 22,
        "category": "reachability",
        "status": "open",
        "days_ago": 12,
        "title": "Vier keer een terugbelverzoek ingediend en nooit teruggebeld",
        "body": (
            "Mijn vraag is eigenlijk simpel. Mijn moeder van 84 heeft een abonnement bij Zendgolf "
            "en ik wil gemachtigd worden om haar zaken te regelen, omdat zij de app niet kan "
            "gebruiken. Daarvoor moet je volgens de website 'contact opnemen met de "
            "klantenservice'.\n\n"
            "Overdag is de wachttijd aan de telefoon steeds meer dan drie kwartier. Na het "
            "keuzemenu (vijf lagen diep, en geen enkele optie past) kun je een terugbelverzoek "
            "achterlaten. Dat heb ik vier keer gedaan. Elke keer kreeg ik een sms dat ik 'binnen "
            "twee werkdagen' gebeld zou worden. Dat is nooit gebeurd.\n\n"
            "Twee keer ben ik wel doorgekomen. De eerste keer werd de verbinding verbroken tijdens "
            "het doorverbinden. De tweede keer zei de medewerker dat mijn moeder zelf moest bellen "
            "om toestemming te geven. Maar zij is slechthorend en komt niet door dat keuzemenu "
            "heen.\n\n"
            "Ik vind het onbegrijpelijk dat er geen andere manier is. Een formulier, een brief, "
            "een afspraak in de winkel: alles is goed."
        ),
        "contacts_before": 7,
        "first_contact_days_ago": 25,
        "desired_outcome": (
            "Een werkende manier om als mantelzorger gemachtigd te worden, zonder dat mijn moeder "
            "zelf door het keuzemenu moet."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 15,
        "category": "other",
        "status": "rejected",
        "days_ago": 3,
        "title": "Zendgolf Mobiel is het slechtste bedrijf van Nederland",
        "body": (
            "Echt waar, ga hier nooit heen. Oplichters zijn het, allemaal. Iedereen die daar werkt "
            "zou zich moeten schamen. Zeg je abonnement op nu het nog kan!!"
        ),
        "contacts_before": 0,
        "first_contact_days_ago": 3,
        "desired_outcome": "",
        "rejection_reason": (
            "Dit beschrijft geen concrete ervaring met de klantenservice. Vertel wat er gebeurd "
            "is, dan kijken we er opnieuw naar."
        ),
    },
    {
        "company": "zendgolf-mobiel",
        "author": 18,
        "category": "privacy",
        "status": "answered",
        "days_ago": 27,
        "title": (
            "Contractbevestiging ontvangen met de naam, het adres en het abonnement van een andere "
            "klant"
        ),
        "body": (
            "Na het verlengen van mijn abonnement kreeg ik een mail met 'uw contractbevestiging' "
            "als bijlage. Toen ik het document opende, stonden daar de naam, het adres, de "
            "geboortedatum en de abonnementsgegevens van iemand anders in. Mijn eigen bevestiging "
            "heb ik nooit ontvangen.\n\n"
            "Ik heb dit meteen via de chat gemeld. De medewerker vroeg of ik de mail 'gewoon wilde "
            "verwijderen'. Dat heb ik niet gedaan, want ik wil weten of mijn gegevens dan ook bij "
            "een vreemde terecht zijn gekomen.\n\n"
            "Op mijn vraag of dit als datalek wordt gemeld, kreeg ik vier keer een ander antwoord: "
            "'dat weet ik niet', 'dat doet de afdeling privacy', 'daar is een formulier voor' (dat "
            "ik nergens kon vinden) en 'u krijgt binnen dertig dagen bericht'. Dat was vier weken "
            "geleden."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 30,
        "desired_outcome": (
            "Duidelijkheid of mijn eigen contractbevestiging ook naar een andere klant is "
            "gestuurd, en of Zendgolf het lek heeft gemeld."
        ),
    },
    # Stroomlijn Energie
    {
        "company": "stroomlijn-energie",
        "author": 10,
        "category": "billing",
        "status": "answered",
        "days_ago": 44,
        "title": (
            "Jaarafrekening gebaseerd op een geschatte meterstand, terwijl ik de echte had "
            "doorgegeven"
        ),
        "body": (
            "Mijn jaarafrekening van Stroomlijn Energie kwam uit op een bijbetaling van € 640. Dat "
            "verbaasde me, want ik heb eerder minder verbruikt dan vorig jaar. Op de afrekening "
            "bleek dat ze een 'geschatte' eindstand voor gas gebruiken die ruim 400 kuub hoger "
            "ligt dan wat er op mijn meter staat.\n\n"
            "Ik had mijn meterstand wel doorgegeven, via de app, met een foto. Die foto staat nog "
            "steeds in mijn account. Toch zegt de klantenservice dat er 'geen meterstand "
            "ontvangen' is.\n\n"
            "Wat ik intussen heb gedaan:\n\n"
            "1. de meterstand opnieuw doorgegeven, met foto en datum;\n"
            "2. twee keer gebeld (28 en 52 minuten wachttijd);\n"
            "3. een bericht gestuurd via het contactformulier;\n"
            "4. een klacht ingediend via het klachtenformulier.\n\n"
            "Elke keer hoor ik dat er een 'correctieverzoek is aangemaakt'. Ondertussen is mijn "
            "termijnbedrag op basis van die verkeerde afrekening verhoogd, en moet de bijbetaling "
            "binnen veertien dagen worden voldaan."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 50,
        "desired_outcome": (
            "Een gecorrigeerde jaarafrekening op basis van mijn echte meterstand, en uitstel van "
            "de bijbetaling tot die er is."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 2,
        "category": "billing",
        "status": "open",
        "days_ago": 8,
        "title": "Termijnbedrag zonder overleg verhoogd van € 142 naar € 289 per maand",
        "body": (
            "Twee weken geleden kreeg ik een bericht in de app dat mijn termijnbedrag 'is "
            "aangepast aan uw verwachte verbruik'. Het bedrag is meer dan verdubbeld: van € 142 "
            "naar € 289. Mijn verbruik is niet veranderd, ons gezin is niet groter geworden en ik "
            "heb geen warmtepomp of laadpaal.\n\n"
            "Volgens de app kan ik het bedrag zelf aanpassen, maar alleen 'binnen de bandbreedte', "
            "en die begint bij € 260. De klantenservice zegt dat 'het systeem' het bedrag berekent "
            "en dat zij er niets aan kunnen doen.\n\n"
            "Voor ons is dit echt een probleem. Het is meer dan ik per maand aan boodschappen "
            "uitgeef."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 14,
        "desired_outcome": (
            "Dat het termijnbedrag wordt teruggezet naar een bedrag dat past bij mijn werkelijke "
            "verbruik, en dat iemand uitlegt hoe deze berekening tot stand kwam."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 5,
        "category": "contract",
        "status": "resolved",
        "days_ago": 95,
        "title": (
            "Na overstappen rekent Stroomlijn een opzegvergoeding voor een contract dat al was "
            "afgelopen"
        ),
        "body": (
            "Dit is een lang verhaal, maar ik schrijf het toch op, omdat ik denk dat meer mensen "
            "hier last van hebben.\n\n"
            "Ik had bij Stroomlijn Energie een contract met een vaste prijs voor drie jaar. Dat "
            "contract liep af op 1 oktober. Ruim een maand daarvoor heb ik een nieuw contract "
            "afgesloten bij een andere leverancier, met als startdatum 1 oktober. Die leverancier "
            "heeft de overstap geregeld, zoals dat hoort.\n\n"
            "In november kreeg ik de eindafrekening van Stroomlijn. Daarop stond een "
            "**opzegvergoeding van € 125**, omdat ik 'voortijdig' zou zijn vertrokken.\n\n"
            "**Wat er daarna gebeurde**\n\n"
            "- **Eerste telefoontje:** de medewerker zag meteen dat het contract op 1 oktober "
            "afliep en zei dat het 'waarschijnlijk een systeemfout' was. Hij zou een correctie "
            "aanvragen. Binnen tien werkdagen zou ik een nieuwe eindafrekening krijgen.\n"
            "- **Drie weken later:** geen nieuwe afrekening, wel een betalingsherinnering. Weer "
            "gebeld. Deze medewerker kon de correctieaanvraag niet terugvinden. Nieuwe aanvraag "
            "gedaan.\n"
            "- **Een week later:** mail ontvangen dat mijn 'verzoek is afgehandeld'. De afrekening "
            "in mijn account was niet veranderd.\n"
            "- **Begin januari:** aanmaning, met € 15 extra kosten. Ik heb toen een klacht "
            "ingediend via het formulier op de website, met een kopie van mijn oorspronkelijke "
            "contract, waarop de einddatum gewoon staat.\n"
            "- **Half januari:** automatisch antwoord dat de klacht 'binnen vier weken' wordt "
            "behandeld.\n"
            "- **Eind januari:** een brief van een incassobureau. Toen werd ik echt boos.\n\n"
            "Ik heb het incassobureau laten weten dat ik de vordering betwist, en ze hebben de "
            "zaak netjes stilgezet. Dat was eerlijk gezegd het eerste moment waarop ik me gehoord "
            "voelde, en dat was niet eens door Stroomlijn zelf.\n\n"
            "**Wat ik vreemd vind**\n\n"
            "Iedere medewerker die ik sprak, gaf toe dat de boete niet klopte. Niemand kon het "
            "oplossen. Het lijkt alsof de klantenservice geen enkele bevoegdheid heeft om een fout "
            "op een factuur te herstellen, en alleen 'verzoeken' kan doorzetten naar een afdeling "
            "die nooit reageert.\n\n"
            "Ook vreemd: op de eindafrekening was het teveel betaalde voorschot (€ 38) wel netjes "
            "verrekend met de boete. Dat geld heb ik dus ook niet teruggekregen.\n\n"
            "**Update**\n\n"
            "Een paar dagen nadat ik deze klacht hier had geplaatst, werd ik gebeld door iemand "
            "van de klachtenafdeling. Zij heeft de boete en de aanmaningskosten geschrapt, het "
            "voorschot teruggestort en het incassobureau teruggefloten. Dat ging in één gesprek "
            "van tien minuten. Ik ben daar blij mee, maar het had geen vier maanden hoeven duren."
        ),
        "contacts_before": 8,
        "first_contact_days_ago": 70,
        "desired_outcome": (
            "Dat de opzegvergoeding en de aanmaningskosten vervallen, het incassobureau wordt "
            "ingelicht en mijn voorschot van € 38 wordt teruggestort."
        ),
        "rating": 4,
    },
    {
        "company": "stroomlijn-energie",
        "author": 14,
        "category": "reachability",
        "status": "open",
        "days_ago": 4,
        "title": "55 minuten in de wacht en dan wordt de verbinding verbroken",
        "body": (
            "Vijf keer gebeld over mijn verhuizing. Drie keer na ruim drie kwartier wachten "
            "verbroken, één keer 'buiten openingstijden' terwijl het kwart voor vijf was, en één "
            "keer een medewerker die zei dat ik het via de app moest doen. De app geeft bij "
            "verhuizen een foutmelding."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 18,
        "desired_outcome": "Dat iemand mijn verhuizing gewoon verwerkt.",
    },
    {
        "company": "stroomlijn-energie",
        "author": 3,
        "category": "billing",
        "status": "answered",
        "days_ago": 130,
        "title": "Teruglevering van mijn zonnepanelen wordt al maanden niet verrekend",
        "body": (
            "Sinds februari heb ik zonnepanelen. De netbeheerder heeft de meter aangepast, en in "
            "mijn slimme meter zie ik keurig wat ik teruglever. Bij Stroomlijn Energie komt daar "
            "niets van aan: in de app staat de teruglevering op nul, en mijn voorschot is niet "
            "verlaagd.\n\n"
            "In drie maanden heb ik zes keer contact gehad. Steeds een ander verhaal:\n\n"
            "- 'uw meter is nog niet omgezet' (dat is hij wel, zegt de netbeheerder);\n"
            "- 'de gegevens komen automatisch binnen, dat kan even duren';\n"
            "- 'u moet uw zonnepanelen nog aanmelden' (gedaan, de bevestiging heb ik);\n"
            "- 'we hebben een melding aangemaakt bij onze specialisten'.\n\n"
            "Van die specialisten heb ik nooit iets gehoord. Ik wil niet dat pas bij de "
            "jaarafrekening blijkt of het klopt."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 90,
        "desired_outcome": (
            "Dat mijn teruglevering sinds februari wordt verwerkt en mijn voorschot wordt "
            "aangepast."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 17,
        "category": "other",
        "status": "rejected",
        "days_ago": 5,
        "title": "Energieprijzen zijn veel te hoog, dit is niet normaal meer",
        "body": (
            "Iedereen betaalt zich blauw aan energie en de leveranciers maken enorme winsten. De "
            "overheid moet hier iets aan doen. Ik heb Stroomlijn gebeld, maar die konden er ook "
            "niets aan veranderen."
        ),
        "contacts_before": 1,
        "first_contact_days_ago": 5,
        "desired_outcome": "",
        "rejection_reason": (
            "Dit gaat over de hoogte van energieprijzen in het algemeen, niet over een ervaring "
            "met de klantenservice van dit bedrijf."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 8,
        "category": "billing",
        "status": "pending",
        "days_ago": 1,
        "title": "Welkomstkorting van € 200 niet verrekend in de eerste jaarafrekening",
        "body": (
            "Toen ik overstapte naar Stroomlijn Energie, was de welkomstkorting van € 200 de "
            "belangrijkste reden. In de bevestigingsmail staat die korting ook, 'te verrekenen in "
            "de eerste jaarafrekening'. Die afrekening is nu binnen en er staat geen korting "
            "op.\n\n"
            "In de chat zei een medewerker dat de korting 'alleen geldt bij aanmelding via de "
            "website'. Ik heb me via de website aangemeld. Een tweede medewerker zei dat hij het "
            "ging nakijken en dat ik een mail zou krijgen. Die heb ik niet gehad."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 20,
        "desired_outcome": (
            "Dat de welkomstkorting alsnog wordt verrekend, zoals in mijn bevestiging staat."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 12,
        "category": "privacy",
        "status": "open",
        "days_ago": 22,
        "title": "Verkoper aan de deur wist al wat ik aan energie verbruikte",
        "body": (
            "Een verkoper die zei namens Stroomlijn te komen, belde aan en begon meteen over mijn "
            "verbruik van vorig jaar. Hij had een tablet met mijn naam en een schatting die "
            "verdacht dicht bij mijn echte verbruik lag. Ik was toen nog geen klant van "
            "Stroomlijn.\n\n"
            "Ik heb Stroomlijn gevraagd waar ze die gegevens vandaan hebben. Eerst zei de "
            "klantenservice dat de verkopers 'van een extern bureau' komen. Daarna dat ik een "
            "inzageverzoek moest indienen. Dat heb ik gedaan, vijf weken geleden, en ik heb nog "
            "steeds niets ontvangen, terwijl daar volgens mij een termijn van een maand voor geldt."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 35,
        "desired_outcome": (
            "Antwoord op mijn inzageverzoek: welke gegevens Stroomlijn over mij heeft en waar die "
            "vandaan komen."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 20,
        "category": "billing",
        "status": "withdrawn",
        "days_ago": 37,
        "title": "Voorschot twee keer afgeschreven in dezelfde maand",
        "body": (
            "Deze maand is het voorschot twee keer van mijn rekening gehaald, op de 1e en op de "
            "3e. Via de chat hoorde ik dat het 'wordt rechtgezet', maar niet wanneer. Dat is € 118 "
            "die ik nu mis."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 5,
        "desired_outcome": "",
    },
    {
        "company": "stroomlijn-energie",
        "author": 9,
        "category": "reachability",
        "status": "removed",
        "days_ago": 96,
        "title": "Medewerkster van de klantenservice werd grof toen ik naar mijn factuur vroeg",
        "body": (
            "Ik belde met een vraag over een post op mijn factuur die ik niet begreep. De "
            "medewerkster, Sharon, klonk vanaf het begin geïrriteerd en zei na twee vragen dat ik "
            "'maar eens moest leren lezen'. Toen ik naar haar leidinggevende vroeg, hing ze op.\n\n"
            "Iemand die zo met klanten omgaat, hoort niet aan de telefoon te zitten. Ik wil dat "
            "Stroomlijn hier iets mee doet."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 10,
        "desired_outcome": "Een excuus en een antwoord op mijn vraag over de factuur.",
        "removal_reason": (
            "Bevat beschuldigingen aan het adres van een met naam genoemde medewerker."
        ),
    },
    {
        "company": "stroomlijn-energie",
        "author": 6,
        "category": "delivery",
        "status": "resolved",
        "days_ago": 160,
        "title": "Drie keer vrij genomen voor de slimme meter, de monteur kwam niet opdagen",
        "body": (
            "Stroomlijn Energie stuurde me een brief dat mijn oude meter vervangen moest worden "
            "door een slimme meter. Ik moest zelf een afspraak maken, in een tijdvak van vier uur. "
            "Dat heb ik gedaan, en ik heb er een halve dag vrij voor genomen.\n\n"
            "De monteur kwam niet. Geen bericht, niets. Toen ik belde, stond de afspraak 'niet in "
            "het systeem van de installateur'. Nieuwe afspraak. Weer vrij genomen. Weer niemand. "
            "Deze keer kreeg ik 's avonds een sms: 'Uw afspraak is helaas vervallen.'\n\n"
            "De derde keer kwam er wel iemand, maar die had de verkeerde meter bij zich en moest "
            "onverrichter zake weer weg.\n\n"
            "Bij elk telefoontje moest ik opnieuw uitleggen wat er was gebeurd. Niemand leek te "
            "kunnen zien dat ik al twee keer voor niets thuis was gebleven."
        ),
        "contacts_before": 7,
        "first_contact_days_ago": 75,
        "desired_outcome": (
            "Een afspraak die wordt nagekomen, en een vergoeding voor de dagen die ik voor niets "
            "vrij heb genomen."
        ),
        "rating": 4,
    },
    # Glaslijn Internet
    {
        "company": "glaslijn-internet",
        "author": 15,
        "category": "delivery",
        "status": "answered",
        "days_ago": 63,
        "title": (
            "Glasvezel ligt tot aan de gevel, maar de aansluiting in huis wordt maar niet afgemaakt"
        ),
        "body": (
            "In het voorjaar werd in onze straat glasvezel aangelegd door Glaslijn Internet. We "
            "hebben ons als een van de eersten aangemeld, met de belofte van een 'gratis "
            "aansluiting tot in de meterkast' en internet binnen acht weken na de "
            "graafwerkzaamheden.\n\n"
            "Het graven ging snel. Sinds april ligt de kabel opgerold naast mijn voordeur, met een "
            "stuk plastic eromheen. Verder is er niets gebeurd.\n\n"
            "**Tijdlijn**\n\n"
            "- **April:** graafwerk klaar. Bericht dat een 'huisaansluitingsmonteur' contact "
            "opneemt om een afspraak te plannen.\n"
            "- **Mei:** niemand neemt contact op. Ik bel zelf en hoor dat de planning 'per wijk' "
            "gaat en dat mijn wijk 'binnenkort' aan de beurt is.\n"
            "- **Juni:** afspraak gemaakt voor een dinsdag. De monteur komt niet opdagen. 's "
            "Middags bel ik: de onderaannemer 'had te weinig mensen'. Nieuwe afspraak over drie "
            "weken.\n"
            "- **Juli:** de monteur komt wel, boort een gat in de gevel en zegt dat er 'een andere "
            "ploeg' moet komen om de kabel naar binnen te trekken, omdat de mantelbuis verkeerd "
            "ligt. Het gat in de gevel wordt dichtgemaakt met tape.\n"
            "- **Augustus:** vakantieperiode, 'er wordt niet gepland'.\n"
            "- **September:** twee keer gebeld, één keer gechat, één keer een brief gestuurd. "
            "Antwoorden: 'we zien dat er een vervolgopdracht is aangemaakt', 'de vervolgopdracht "
            "ligt bij de aannemer', 'de aannemer kan niet in ons systeem, dus wij weten niet "
            "wanneer'.\n"
            "- **Oktober:** ik krijg een mail dat mijn abonnement 'is geactiveerd' en dat de "
            "eerste maand wordt gefactureerd. Er zit nog steeds geen kabel in huis.\n\n"
            "Op dat moment zocht ik voor de twaalfde keer contact. De medewerker stopte de factuur "
            "(dat ging gelukkig meteen), maar over de aansluiting zelf kon ze niets zeggen: 'We "
            "hebben geen inzicht in de planning van de aannemer.'\n\n"
            "**Waarom dit zo frustrerend is**\n\n"
            "Ik begrijp dat er in een hele wijk veel tegelijk moet gebeuren. Maar intussen betaal "
            "ik mijn oude provider door. Dat contract had ik op advies van Glaslijn al opgezegd, "
            "'omdat het dan mooi aansluit'. Ik heb het tijdelijk moeten verlengen, tegen een hoger "
            "tarief.\n\n"
            "Daarnaast zit er nu een met tape dichtgeplakt gat in mijn gevel, en bij regen loopt "
            "er water langs de binnenmuur van de meterkast.\n\n"
            "Het ergste vind ik dat niemand verantwoordelijk lijkt te zijn. Glaslijn wijst naar de "
            "aannemer, en de aannemer (die ik een keer te spreken kreeg bij een ploeg in de "
            "straat) wijst naar Glaslijn. Contactgegevens van die aannemer heb ik niet, en "
            "Glaslijn wil ze niet geven."
        ),
        "contacts_before": 12,
        "first_contact_days_ago": 100,
        "desired_outcome": (
            "Een vaste datum waarop de aansluiting wordt afgemaakt, een fatsoenlijk gedicht gat in "
            "de gevel, en een vergoeding voor de extra kosten van mijn oude abonnement."
        ),
    },
    {
        "company": "glaslijn-internet",
        "author": 23,
        "category": "outage",
        "status": "open",
        "days_ago": 19,
        "title": "Internet valt elke avond tussen acht en tien uur een paar keer weg",
        "body": (
            "Al zes weken valt ons internet elke avond meerdere keren weg, steeds tussen ongeveer "
            "acht en tien uur. Het modem knippert dan rood en na een paar minuten komt de "
            "verbinding terug. Overdag nooit problemen.\n\n"
            "De klantenservice van Glaslijn heeft op afstand 'de lijn doorgemeten' en niets "
            "gevonden, maar ze meten natuurlijk overdag. Er is een nieuw modem opgestuurd: zelfde "
            "probleem. De monteur die langskwam, kwam om tien uur 's ochtends, zag alles groen "
            "branden en ging weer weg.\n\n"
            "Ik werk twee avonden per week thuis met videovergaderingen en lig er elke keer uit. "
            "Zelf houd ik een logboek bij met de tijden van de uitval. Niemand wil het zien."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 40,
        "desired_outcome": (
            "Dat iemand het probleem 's avonds onderzoekt, als het zich voordoet, en naar mijn "
            "logboek kijkt."
        ),
    },
    {
        "company": "glaslijn-internet",
        "author": 4,
        "category": "billing",
        "status": "resolved",
        "days_ago": 210,
        "title": (
            "Installatiekosten van € 99 gerekend, terwijl de actie ‘gratis installatie’ beloofde"
        ),
        "body": (
            "Ik heb een abonnement afgesloten tijdens de actie met gratis installatie. Op de "
            "eerste factuur stond toch € 99 aan installatiekosten. In de chat zei men dat de actie "
            "'alleen voor nieuwe adressen' gold. Daarover stond niets in de voorwaarden. Ik heb "
            "een schermafbeelding van de actiepagina meegestuurd."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 20,
        "desired_outcome": "Dat de € 99 wordt gecrediteerd.",
        "rating": 5,
    },
    {
        "company": "glaslijn-internet",
        "author": 21,
        "category": "contract",
        "status": "pending",
        "days_ago": 3,
        "title": "Opzeggen bij verhuizing kan alleen telefonisch, en daar kom ik niet doorheen",
        "body": (
            "Ik verhuis naar een adres waar Glaslijn geen glasvezel heeft. Volgens de voorwaarden "
            "mag ik dan kosteloos opzeggen, maar dat kan 'alleen telefonisch, via de afdeling "
            "verhuizingen'. Die afdeling is bereikbaar op werkdagen van negen tot twaalf.\n\n"
            "Vier keer gebeld, vier keer na een half uur nog in de wacht, waarna ik weer aan het "
            "werk moest. Mailen kan niet, en de chat zegt dat ik moet bellen. Over twee weken "
            "verhuis ik."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 12,
        "desired_outcome": (
            "Dat ik mijn abonnement op een andere manier kan opzeggen, per de datum van mijn "
            "verhuizing."
        ),
    },
    {
        "company": "glaslijn-internet",
        "author": 7,
        "category": "delivery",
        "status": "resolved",
        "days_ago": 300,
        "title": "Monteur liet een gat van een halve meter in mijn voortuin achter",
        "body": (
            "Na het aansluiten is de sleuf in mijn voortuin niet dichtgemaakt. Drie weken lag er "
            "een gat met een hekje eromheen. Na drie telefoontjes kwam er eindelijk iemand, die "
            "het netjes heeft hersteld."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 25,
        "desired_outcome": "",
        "rating": 4,
    },
    # Verbinding Noord
    {
        "company": "verbinding-noord",
        "author": 14,
        "category": "outage",
        "status": "resolved",
        "days_ago": 250,
        "title": "Na een update van de decoder zijn de regionale zenders verdwenen",
        "body": (
            "Na een automatische update van de decoder van Verbinding Noord waren ineens de "
            "regionale zenders weg, precies de zenders die ik het meest kijk. Opnieuw zoeken naar "
            "zenders hielp niet.\n\n"
            "De helpdesk liet me de decoder drie keer resetten, waarbij ik ook al mijn opnames "
            "kwijtraakte. Daarna werd ik doorverbonden met 'de tweede lijn', die na twintig "
            "minuten zei dat het een bekend probleem was en dat eraan gewerkt werd. Waarom zegt de "
            "eerste lijn dat dan niet? Dan had ik mijn opnames nog gehad.\n\n"
            "Na twaalf dagen waren de zenders terug."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 12,
        "desired_outcome": (
            "Dat bekende storingen op de website worden vermeld, zodat je niet onnodig je decoder "
            "reset."
        ),
        "rating": 3,
    },
    {
        "company": "verbinding-noord",
        "author": 1,
        "category": "reachability",
        "status": "open",
        "days_ago": 80,
        "title": "Klantenservice alleen nog via een betaald nummer, gratis contact is onvindbaar",
        "body": (
            "Het gratis nummer van Verbinding Noord is zonder aankondiging vervangen door een "
            "betaald nummer van 50 cent per minuut. Met de gebruikelijke wachttijd van een "
            "kwartier of meer kost elk telefoontje zo een paar euro.\n\n"
            "Op de website staat een contactformulier, maar daar kun je alleen kiezen uit "
            "'verhuizen', 'opzeggen' en 'pakket wijzigen'. Mijn vraag ging over een storing, en "
            "dan word je naar het telefoonnummer verwezen.\n\n"
            "Voor oudere klanten zoals ik is de chat geen alternatief. Voor een storing zou je "
            "niet moeten hoeven betalen om gehoord te worden."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 15,
        "desired_outcome": "Een gratis telefoonnummer voor storingen.",
    },
    # Zonnedijk Energie
    {
        "company": "zonnedijk-energie",
        "author": 19,
        "category": "delivery",
        "status": "answered",
        "days_ago": 51,
        "title": "Zonnepanelen na vijf maanden nog steeds niet geplaatst, aanbetaling wel geïnd",
        "body": (
            "In het voorjaar heb ik bij Zonnedijk Energie tien zonnepanelen gekocht, inclusief "
            "installatie. De aanbetaling van 30 procent (€ 1.650) is direct afgeschreven. De "
            "installatie zou 'binnen acht tot tien weken' plaatsvinden.\n\n"
            "Sindsdien:\n\n"
            "- is de installatiedatum drie keer verschoven, elke keer via een automatische mail, "
            "één keer twee dagen van tevoren;\n"
            "- kreeg ik bij navraag te horen dat de omvormers 'vastzitten in de haven', daarna dat "
            "'de installateur ziek is', en daarna dat 'de planning opnieuw wordt opgebouwd';\n"
            "- werd me beloofd dat de projectleider zou terugbellen. Ik heb nooit een "
            "projectleider gesproken.\n\n"
            "Ik heb tien keer contact gezocht. De mensen aan de telefoon zijn aardig, maar weten "
            "niets. Inmiddels is de zomer voorbij, en daarmee het grootste deel van de opbrengst "
            "die ik dit jaar had verwacht.\n\n"
            "Ik overweeg de koop te ontbinden, maar ik ben bang dat ik dan mijn aanbetaling kwijt "
            "ben."
        ),
        "contacts_before": 10,
        "first_contact_days_ago": 150,
        "desired_outcome": (
            "Een vaste installatiedatum binnen vier weken, of ontbinding van de koop met "
            "terugbetaling van de aanbetaling van € 1.650."
        ),
    },
    {
        "company": "zonnedijk-energie",
        "author": 10,
        "category": "advice",
        "status": "open",
        "days_ago": 150,
        "title": "Verkoper beloofde een terugverdientijd van vijf jaar, de berekening klopte niet",
        "body": (
            "De verkoper van Zonnedijk rekende aan mijn keukentafel voor dat de panelen zich in "
            "vijf jaar zouden terugverdienen. Hij ging daarbij uit van een stroomprijs die toen al "
            "niet meer klopte, en hield geen rekening met de terugleverkosten die Zonnedijk zelf "
            "rekent. Die noemde hij 'voor u niet van toepassing'.\n\n"
            "Nu ik de eerste jaarafrekening heb, is duidelijk dat het eerder twaalf jaar wordt. "
            "Toen ik de klantenservice ernaar vroeg, zeiden ze dat de berekening 'indicatief' was "
            "en dat de verkoper 'een externe partner' is. De berekening staat wel op briefpapier "
            "van Zonnedijk."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 200,
        "desired_outcome": (
            "Dat Zonnedijk erkent dat de berekening onjuist was en de terugleverkosten voor mij "
            "laat vervallen."
        ),
    },
    {
        "company": "zonnedijk-energie",
        "author": 3,
        "category": "outage",
        "status": "pending",
        "days_ago": 4,
        "title": "Omvormer defect, garantieclaim ligt al zes weken stil",
        "body": (
            "Mijn omvormer geeft al zes weken een foutcode en de panelen leveren niets op. "
            "Zonnedijk heeft foto's en de foutcode gekregen en zegt dat de claim 'bij de fabrikant "
            "ligt'. Elke week bel ik, elke week hetzelfde antwoord."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 45,
        "desired_outcome": "Een vervangende omvormer, of in elk geval een datum.",
    },
    {
        "company": "zonnedijk-energie",
        "author": 13,
        "category": "billing",
        "status": "resolved",
        "days_ago": 26,
        "title": "Maandbedrag verdubbeld na automatische verlenging van mijn contract",
        "body": (
            "Mijn contract bij Zonnedijk werd automatisch verlengd, en daarmee verdubbelde het "
            "maandbedrag. Er was vooraf een mail gestuurd, maar die belandde in mijn spam. Dat is "
            "deels mijn eigen schuld, dat geef ik toe.\n\n"
            "Wat ik niet oké vond: toen ik belde, zei de eerste medewerker dat ik 'nu weer een "
            "jaar vastzat'. Dat klopt niet; een stilzwijgend verlengd contract kun je gewoon met "
            "een maand opzegtermijn beëindigen. De tweede medewerker wist dat wel en heeft me een "
            "ander, passend contract aangeboden."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 14,
        "desired_outcome": "",
        "rating": 4,
    },
    # Warmtenet Amstelland
    {
        "company": "warmtenet-amstelland",
        "author": 22,
        "category": "outage",
        "status": "resolved",
        "days_ago": 365,
        "title": "Vier dagen geen verwarming en warm water bij mijn moeder, en niemand kwam",
        "body": (
            "Mijn moeder is 86 en woont zelfstandig in een appartement dat is aangesloten op het "
            "warmtenet van Warmtenet Amstelland. Op een vrijdagavond in januari vielen bij haar de "
            "verwarming en het warme water uit. Buiten vroor het.\n\n"
            "Het storingsnummer is dag en nacht bereikbaar, zeggen ze. Dat klopt: je krijgt dag en "
            "nacht een bandje dat 'er een storing bekend is in uw wijk' en dat 'monteurs ermee "
            "bezig zijn'. Maar bij de buren deed alles het gewoon.\n\n"
            "Ik heb dat weekend veertien keer gebeld. Een paar keer kreeg ik iemand te spreken, "
            "die een melding maakte. Op zondag werd me verteld dat er 'maandag een monteur komt'. "
            "Maandag kwam er niemand. Dinsdagmiddag kwam er eindelijk iemand, die binnen tien "
            "minuten zag dat er een klep vastzat in haar afleverset.\n\n"
            "Mijn moeder heeft vier dagen bij ons gelogeerd. Dat ging, maar zij was erg van slag, "
            "en ik moet er niet aan denken hoe het was gegaan als zij niemand had gehad.\n\n"
            "Ik ben van nature geen boze klant. Maar een 86-jarige vier dagen in de kou laten "
            "zitten, met als enig antwoord een bandje over een storing die er niet was: dat vind "
            "ik onacceptabel."
        ),
        "contacts_before": 14,
        "first_contact_days_ago": 6,
        "desired_outcome": (
            "Dat kwetsbare bewoners bij een storing voorrang krijgen, en dat het bandje niet zegt "
            "dat er een storing in de wijk is als dat niet zo is."
        ),
        "rating": 3,
    },
    {
        "company": "warmtenet-amstelland",
        "author": 1,
        "category": "billing",
        "status": "answered",
        "days_ago": 110,
        "title": "Vastrecht flink verhoogd, maar niemand kan uitleggen waarom",
        "body": (
            "Het vaste bedrag dat ik aan Warmtenet Amstelland betaal, los van mijn verbruik, is "
            "dit jaar met bijna 40 procent gestegen. In de brief stond alleen 'vanwege gestegen "
            "kosten'.\n\n"
            "Ik heb drie keer gevraagd welke kosten dat dan zijn en hoe die over de bewoners "
            "worden verdeeld. Eerst kreeg ik een link naar de algemene tarievenpagina. Daarna "
            "hoorde ik dat 'de tarieven binnen het wettelijk maximum blijven'. De derde keer werd "
            "mijn vraag 'doorgezet naar de afdeling tarieven', waar ik nooit meer iets van "
            "hoorde.\n\n"
            "Ik kan niet overstappen naar een andere warmteleverancier. Dan mag je toch op zijn "
            "minst een eerlijk antwoord verwachten?"
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 40,
        "desired_outcome": (
            "Een uitleg van de opbouw van het vastrecht en van de reden voor de verhoging."
        ),
    },
    # Spaarhaven Bank
    {
        "company": "spaarhaven-bank",
        "author": 9,
        "category": "reachability",
        "status": "answered",
        "days_ago": 17,
        "title": "Rekening geblokkeerd, en twee weken lang kan niemand zeggen waarom",
        "body": (
            "Op een maandagochtend kon ik ineens niet meer inloggen in de app van Spaarhaven Bank. "
            "Mijn pas werd geweigerd bij de supermarkt. In de app stond alleen: 'Neem contact met "
            "ons op.'\n\n"
            "Dat heb ik gedaan. Dertien keer, in twee weken.\n\n"
            "**Wat ik te horen kreeg**\n\n"
            "- **Dag 1:** 'Uw rekening is tijdelijk geblokkeerd in verband met een controle. Meer "
            "kan ik niet zeggen.' Hoelang dat ging duren? 'Meestal een paar dagen.'\n"
            "- **Dag 2:** ik moest een formulier invullen over de herkomst van een bedrag dat op "
            "mijn rekening was gestort. Dat was de opbrengst van de verkoop van mijn auto aan een "
            "particulier. Ik heb het koopcontract en de overschrijving meegestuurd.\n"
            "- **Dag 4:** formulier 'ontvangen en in behandeling'.\n"
            "- **Dag 7:** bij navraag bleek een van de bijlagen 'niet leesbaar'. Waarom had "
            "niemand dat eerder gemeld? Opnieuw gestuurd.\n"
            "- **Dag 8 tot en met 12:** elke dag gebeld. Elke keer iemand anders, elke keer: 'Het "
            "ligt bij de afdeling die de controles doet, die kunnen wij niet bereiken.'\n"
            "- **Dag 13:** een medewerker vertelde dat de controle 'al was afgerond', maar dat de "
            "deblokkering 'nog handmatig moest gebeuren'.\n"
            "- **Dag 14:** rekening weer open. Geen bericht, geen uitleg.\n\n"
            "**Wat dit met je doet**\n\n"
            "Ik begrijp dat banken moeten controleren op witwassen en fraude. Daar heb ik geen "
            "probleem mee. Waar ik wel een probleem mee heb, is dat je twee weken niet bij je "
            "eigen geld kunt en dat niemand je kan vertellen wat er aan de hand is of hoelang het "
            "nog duurt.\n\n"
            "Mijn huur werd niet betaald, mijn zorgverzekering ook niet. Ik moest geld lenen van "
            "mijn broer om boodschappen te doen. Dat is vernederend, zeker als je niets verkeerd "
            "hebt gedaan.\n\n"
            "Bij een bank zonder kantoren ben je volledig afhankelijk van de telefoon en de chat. "
            "Als die je niets kunnen vertellen, sta je echt met lege handen.\n\n"
            "Ik zou het prettig vinden als Spaarhaven voortaan op zijn minst zegt wat ze nodig "
            "hebben en binnen welke termijn, zodat je niet elke dag hoeft te bellen om te horen "
            "dat er niets te horen is."
        ),
        "contacts_before": 13,
        "first_contact_days_ago": 16,
        "desired_outcome": (
            "Een vergoeding voor de aanmaningskosten die ik door de blokkade heb gekregen, en "
            "uitleg waarom de deblokkering nog dagen duurde nadat de controle al klaar was."
        ),
    },
    {
        "company": "spaarhaven-bank",
        "author": 0,
        "category": "other",
        "status": "open",
        "days_ago": 41,
        "title": "Rekening van mijn overleden moeder: elke keer weer een ander formulier",
        "body": (
            "Mijn moeder is in het voorjaar overleden. Ik ben executeur en probeer haar zaken af "
            "te wikkelen. Bij de meeste instanties ging dat moeizaam, maar het lukte. Bij "
            "Spaarhaven Bank zit ik na bijna vier maanden nog steeds vast.\n\n"
            "Ik heb de akte van overlijden gestuurd. Daarna een verklaring van executele. Daarna "
            "werd gevraagd om een gewaarmerkte kopie van mijn identiteitsbewijs. Toen die er was, "
            "bleek het formulier dat ik in het begin had ingevuld 'niet meer geldig', omdat er "
            "inmiddels een nieuwe versie was.\n\n"
            "Elke keer dat ik bel, krijg ik iemand anders, die mijn dossier opnieuw moet lezen. "
            "Twee keer werd er aan de telefoon over mijn moeder gesproken alsof zij nog leefde: "
            "'Mevrouw kan ook zelf inloggen in de app.' Ik weet dat het niet kwaad bedoeld is, "
            "maar het doet pijn.\n\n"
            "Ik vraag niet om snelheid. Ik vraag om één persoon die mijn dossier kent en die me in "
            "één keer vertelt wat er nog nodig is."
        ),
        "contacts_before": 8,
        "first_contact_days_ago": 110,
        "desired_outcome": (
            "Eén vaste contactpersoon en een volledig overzicht van wat er nog nodig is om de "
            "rekening af te wikkelen."
        ),
    },
    {
        "company": "spaarhaven-bank",
        "author": 11,
        "category": "advice",
        "status": "resolved",
        "days_ago": 270,
        "title": "Hypotheekofferte met een lagere rente dan in de akte, pas ontdekt bij de notaris",
        "body": (
            "Bij het afsluiten van onze hypotheek kregen we een offerte met een rente die een stuk "
            "lager was dan wat uiteindelijk in de akte bij de notaris stond. Volgens Spaarhaven "
            "was de offerte 'onder voorbehoud' en was de rente in de tussentijd gestegen. Het "
            "voorbehoud stond in kleine letters op pagina zes, de rente op pagina één.\n\n"
            "Het ging om enkele tientjes per maand, maar over dertig jaar is dat veel geld. Na "
            "vijf gesprekken en een brief met onze kant van het verhaal heeft de bank alsnog de "
            "rente uit de offerte toegepast. Dat waarderen we, al had het sneller gekund."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 60,
        "desired_outcome": "Dat de rente uit de oorspronkelijke offerte wordt toegepast.",
        "rating": 4,
    },
    {
        "company": "spaarhaven-bank",
        "author": 6,
        "category": "privacy",
        "status": "withdrawn",
        "days_ago": 213,
        "title": "Bank vraagt om een kopie van mijn paspoort via gewone e-mail",
        "body": (
            "Voor een 'periodieke klantcontrole' vroeg Spaarhaven me om een kopie van mijn "
            "paspoort te mailen naar een algemeen adres. Geen beveiligde upload, geen app. Toen ik "
            "vroeg of het ook veiliger kon, zei de medewerker dat 'mail ook veilig is'. Zo wil ik "
            "dit niet opsturen."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 10,
        "desired_outcome": "Een veilige manier om mijn identiteitsbewijs aan te leveren.",
    },
    {
        "company": "spaarhaven-bank",
        "author": 12,
        "category": "billing",
        "status": "pending",
        "days_ago": 2,
        "title": "Na overstap naar een goedkoper betaalpakket betaal ik voor twee pakketten",
        "body": (
            "In de app heb ik mijn betaalpakket omgezet naar het basispakket. De bevestiging kwam "
            "direct. Sindsdien worden de kosten van het oude én het nieuwe pakket afgeschreven: "
            "samen € 7,90 in plaats van € 2,95.\n\n"
            "Twee keer gechat. De eerste keer werd gezegd dat het 'de laatste keer' zou zijn, de "
            "tweede keer dat het 'met terugwerkende kracht' wordt rechtgezet. Inmiddels is het de "
            "tweede maand."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 40,
        "desired_outcome": (
            "Dat het oude pakket echt wordt stopgezet en de dubbele kosten worden teruggestort."
        ),
    },
    # Heffingsbureau Midden-Delta
    {
        "company": "heffingsbureau-midden-delta",
        "author": 2,
        "category": "billing",
        "status": "answered",
        "days_ago": 88,
        "title": "Aanslag afvalstoffenheffing voor een huis waar ik al een jaar niet meer woon",
        "body": (
            "Ik ben vorig jaar naar een andere gemeente verhuisd en heb dat netjes doorgegeven. "
            "Toch kreeg ik dit jaar van Heffingsbureau Midden-Delta een aanslag "
            "afvalstoffenheffing en rioolheffing voor mijn oude adres, voor het hele jaar.\n\n"
            "Ik heb bezwaar gemaakt via het digitale loket. Dat lukte pas na drie pogingen, omdat "
            "ik steeds werd uitgelogd bij het uploaden van het uittreksel uit de basisregistratie. "
            "Daarna bleef het stil.\n\n"
            "Toen ik belde, zei een medewerker dat het bezwaar 'was ontvangen', maar dat de "
            "betaling 'gewoon door moet lopen'. Inmiddels heb ik een aanmaning gekregen. Zes keer "
            "contact, en de aanslag staat nog steeds open."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 70,
        "desired_outcome": (
            "Dat de aanslag voor mijn oude adres wordt vernietigd en de aanmaning wordt "
            "ingetrokken."
        ),
    },
    {
        "company": "heffingsbureau-midden-delta",
        "author": 5,
        "category": "reachability",
        "status": "open",
        "days_ago": 175,
        "title": (
            "Bezwaar tegen de WOZ-waarde ingediend, ontvangstbevestiging gekregen en daarna een "
            "half jaar niets"
        ),
        "body": (
            "In maart heb ik bezwaar gemaakt tegen de WOZ-waarde van mijn woning, met een "
            "taxatierapport erbij. Ik kreeg een ontvangstbevestiging met de mededeling dat er "
            "binnen zes weken een beslissing zou komen.\n\n"
            "Het is nu september. Drie keer gebeld: 'Het ligt bij de taxateur.' Een termijn kon "
            "niemand noemen. Intussen is de aanslag wel gewoon geïnd, op basis van de waarde "
            "waartegen ik bezwaar maakte."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 180,
        "desired_outcome": "Een beslissing op mijn bezwaar.",
    },
    {
        "company": "heffingsbureau-midden-delta",
        "author": 20,
        "category": "other",
        "status": "resolved",
        "days_ago": 60,
        "title": "Kwijtschelding afgewezen zonder dat mijn bijlagen zijn bekeken",
        "body": (
            "Ik leef van een uitkering en vraag elk jaar kwijtschelding aan voor de gemeentelijke "
            "belastingen. Dit jaar kreeg ik binnen twee dagen een afwijzing omdat 'de "
            "bewijsstukken ontbreken'. Die had ik wel meegestuurd: bankafschriften, de beschikking "
            "van mijn uitkering en mijn huurcontract.\n\n"
            "Na vier telefoontjes bleek dat de bijlagen bij de overstap naar een nieuw systeem "
            "'los van de aanvraag' waren geraakt. Er is een nieuwe beoordeling gedaan en ik heb "
            "alsnog kwijtschelding gekregen. Een medewerker heeft me zelf teruggebeld om dat te "
            "vertellen. Dat vond ik netjes."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 50,
        "desired_outcome": "Een nieuwe beoordeling, met mijn bijlagen.",
        "rating": 5,
    },
    # Zuiderbus
    {
        "company": "zuiderbus",
        "author": 22,
        "category": "other",
        "status": "answered",
        "days_ago": 33,
        "title": "Klacht over een bus die doorreed, na tien weken nog geen inhoudelijke reactie",
        "body": (
            "Op een regenachtige ochtend stond ik met mijn rollator bij de halte. De bus van "
            "Zuiderbus remde af, de chauffeur keek me aan en reed door. De volgende bus kwam pas "
            "een half uur later, en daardoor miste ik mijn afspraak in het ziekenhuis.\n\n"
            "Ik heb dezelfde dag een klacht ingediend via het webformulier, met de tijd, de halte "
            "en de lijn. Ik kreeg een automatisch antwoord dat ik 'binnen tien werkdagen' een "
            "reactie zou krijgen.\n\n"
            "Na zes weken heb ik gebeld. De klacht was 'doorgestuurd naar de vestiging'. Na tien "
            "weken belde ik nog een keer. Toen kon niemand de klacht meer terugvinden.\n\n"
            "Het gaat mij niet om de chauffeur; iedereen heeft weleens een slechte dag. Het gaat "
            "mij erom dat er met een klacht niets gebeurt."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 75,
        "desired_outcome": (
            "Een echte reactie op mijn klacht, en de zekerheid dat chauffeurs weten dat ze moeten "
            "stoppen voor mensen met een rollator."
        ),
    },
    {
        "company": "zuiderbus",
        "author": 16,
        "category": "billing",
        "status": "answered",
        "days_ago": 77,
        "title": (
            "Dubbel betaald door een fout bij het uitchecken, en het restitutieformulier werkt niet"
        ),
        "body": (
            "Ik reis elke dag met de bus naar mijn werk. Op een dinsdag gaf de kaartlezer bij het "
            "uitstappen een foutmelding, waarna ik opnieuw heb uitgecheckt. Resultaat: twee keer "
            "de volledige ritprijs van de hele lijn.\n\n"
            "Het restitutieformulier op de website geeft na het invullen de melding 'Er is iets "
            "misgegaan, probeer het later opnieuw'. Dat heb ik een week lang elke dag geprobeerd. "
            "De klantenservice zegt dat ik het formulier moet gebruiken. De chat zegt dat ik moet "
            "bellen. Aan de telefoon zeggen ze dat ik het formulier moet gebruiken."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 30,
        "desired_outcome": (
            "Dat de dubbele ritprijs van € 11,40 wordt teruggestort en dat het formulier wordt "
            "gerepareerd."
        ),
    },
    # Duinvalk Reizen
    {
        "company": "duinvalk-reizen",
        "author": 8,
        "category": "contract",
        "status": "answered",
        "days_ago": 125,
        "title": "Vlucht geannuleerd, terugbetaling beloofd, na vier maanden nog steeds niets",
        "body": (
            "Ik had bij Duinvalk Reizen een pakketreis naar Kreta geboekt voor mij, mijn vriend en "
            "onze twee kinderen: vlucht, hotel en transfer, in totaal € 3.412. Drie weken voor "
            "vertrek kregen we een mail dat de vlucht was geannuleerd 'door omstandigheden buiten "
            "onze macht'. We konden kiezen tussen een alternatieve reis (twee dagen later, met een "
            "overstap en aankomst midden in de nacht) of het volledige bedrag terug.\n\n"
            "Met twee kleine kinderen en een overstap midden in de nacht hebben we gekozen voor "
            "terugbetaling. Dat is bij een pakketreis ook ons recht, als ik het goed begrijp.\n\n"
            "**Wat daarna gebeurde**\n\n"
            "- **Week 1:** bevestiging per mail: 'Uw terugbetaling wordt binnen 14 dagen "
            "verwerkt.'\n"
            "- **Week 3:** niets ontvangen. Gebeld, 50 minuten wachttijd. De medewerker zag de "
            "aanvraag staan, 'maar die is nog niet goedgekeurd door de afdeling financiën'.\n"
            "- **Week 5:** opnieuw gebeld. Nu bleek dat we een voucher hadden gekregen in plaats "
            "van ons geld. Die voucher hadden we nooit gevraagd en ook nooit ontvangen. De "
            "medewerker ging het 'terugdraaien'.\n"
            "- **Week 6:** voucher ontvangen, per mail. Blijkbaar was het terugdraaien precies "
            "andersom gegaan.\n"
            "- **Week 8:** klacht ingediend via het klachtenformulier. Automatisch antwoord.\n"
            "- **Week 10:** gebeld en gevraagd naar een leidinggevende. Die was 'niet "
            "beschikbaar'. Er werd een terugbelverzoek aangemaakt.\n"
            "- **Week 11:** niet teruggebeld. Weer gebeld. Nu werd gezegd dat de terugbetaling 'in "
            "de volgende betaalrun' zou zitten.\n"
            "- **Week 13:** geen betaling. Contact gezocht via sociale media. Daar reageerden ze "
            "snel, maar met een standaardtekst: 'We begrijpen uw frustratie en hebben uw dossier "
            "met spoed doorgezet.'\n"
            "- **Week 16:** nog steeds niets.\n\n"
            "In totaal heb ik vijftien keer contact gehad: telefoon, chat, mail, het "
            "klachtenformulier en sociale media. Geen enkele keer sprak ik iemand die echt kon "
            "zeggen waar ons geld is.\n\n"
            "**Wat mij het meest dwarszit**\n\n"
            "Het gaat om ruim drieduizend euro. Dat is voor ons veel geld, bij elkaar gespaard om "
            "na een zwaar jaar met de kinderen even weg te kunnen. We hebben die zomer "
            "uiteindelijk een huisje in Nederland geboekt, van geld dat we eigenlijk niet "
            "hadden.\n\n"
            "Ik begrijp dat er in de reisbranche veel misgaat en dat het na annuleringen druk is. "
            "Maar een bedrijf dat binnen één minuut het volledige reisbedrag kan afschrijven, zou "
            "binnen vier maanden toch ook het omgekeerde moeten kunnen.\n\n"
            "Ik heb inmiddels de geschillencommissie benaderd, maar ik zou veel liever zien dat "
            "Duinvalk dit gewoon zelf oplost."
        ),
        "contacts_before": 15,
        "first_contact_days_ago": 130,
        "desired_outcome": (
            "Terugbetaling van het volledige reisbedrag van € 3.412 binnen twee weken, en het "
            "intrekken van de voucher."
        ),
    },
    {
        "company": "duinvalk-reizen",
        "author": 18,
        "category": "advice",
        "status": "open",
        "days_ago": 220,
        "title": (
            "Verkeerde informatie gekregen over het paspoort van mijn zoon, bij de incheckbalie "
            "teruggestuurd"
        ),
        "body": (
            "Voor onze reis naar Turkije vroeg ik bij Duinvalk Reizen of mijn zoon kon reizen met "
            "zijn paspoort, dat nog vijf maanden geldig was. De medewerker aan de telefoon zei dat "
            "dat 'geen enkel probleem' was. Op het vliegveld werden we bij de balie tegengehouden: "
            "het paspoort moest langer geldig zijn.\n\n"
            "We hebben de eerste twee dagen van de reis gemist en een nieuwe vlucht moeten "
            "betalen. Duinvalk zegt nu dat reizigers 'zelf verantwoordelijk zijn voor geldige "
            "reisdocumenten'. Dat weet ik, maar waarom geef je dan een ander antwoord als iemand "
            "het vraagt?"
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 5,
        "desired_outcome": (
            "Een vergoeding voor de extra vlucht, omdat ik op het antwoord van Duinvalk heb "
            "vertrouwd."
        ),
    },
    {
        "company": "duinvalk-reizen",
        "author": 23,
        "category": "delivery",
        "status": "removed",
        "days_ago": 47,
        "title": "Transfer naar het hotel kwam niet opdagen, twee uur gewacht op het vliegveld",
        "body": (
            "Bij aankomst stond er geen bus voor de transfer die bij onze reis hoorde. Het "
            "noodnummer van Duinvalk nam niet op. Na twee uur wachten hebben we zelf een taxi "
            "genomen, voor € 65. Ik heb de bon bewaard en de kosten teruggevraagd, maar nog geen "
            "antwoord gehad."
        ),
        "contacts_before": 1,
        "first_contact_days_ago": 20,
        "desired_outcome": "Vergoeding van de taxi.",
        "removal_reason": "Verwijderd op verzoek van de schrijver.",
    },
    # Huis & Haard Webwinkel
    {
        "company": "huis-haard-webwinkel",
        "author": 10,
        "category": "delivery",
        "status": "answered",
        "days_ago": 29,
        "title": "Bank beschadigd geleverd, en het ophalen voor retour wordt steeds verzet",
        "body": (
            "Onze nieuwe bank van Huis & Haard werd geleverd met een scheur in de stof van de "
            "armleuning en een losse poot. De bezorgers zagen het zelf ook en schreven het op de "
            "afleverbon. Ze zeiden dat de klantenservice 'binnen een paar dagen' een "
            "ophaalafspraak zou maken.\n\n"
            "Dat is nu zes weken geleden. In die tijd:\n\n"
            "- is er twee keer een ophaalafspraak gemaakt, die allebei op de dag zelf werd "
            "afgezegd;\n"
            "- hebben we een keer een hele dag thuisgezeten zonder dat er iemand kwam of belde;\n"
            "- kreeg ik via de chat het voorstel om '15 procent korting' te nemen en de bank te "
            "houden.\n\n"
            "De bank staat nu in plastic midden in onze woonkamer, want de oude hebben we laten "
            "ophalen. We hebben € 1.299 betaald voor een bank die we niet kunnen gebruiken."
        ),
        "contacts_before": 8,
        "first_contact_days_ago": 45,
        "desired_outcome": (
            "Dat de bank binnen twee weken wordt opgehaald en vervangen door een onbeschadigd "
            "exemplaar, of dat we ons geld terugkrijgen."
        ),
    },
    {
        "company": "huis-haard-webwinkel",
        "author": 1,
        "category": "delivery",
        "status": "resolved",
        "days_ago": 330,
        "title": "Levertijd van ‘3 tot 5 werkdagen’ werd elf weken",
        "body": (
            "Een eettafel besteld die 'op voorraad' was, met een levertijd van 3 tot 5 werkdagen. "
            "Na een week kreeg ik een mail dat de levering 'vertraagd' was. Daarna kwam er om de "
            "twee weken een nieuwe mail met een nieuwe datum.\n\n"
            "Annuleren kon niet meer, want de tafel was 'al onderweg uit het magazijn'. Zes keer "
            "gebeld, nooit een echte verklaring gekregen. Na elf weken is hij geleverd. De tafel "
            "is mooi, maar ik bestel hier niet meer."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 80,
        "desired_outcome": "",
        "rating": 2,
    },
    {
        "company": "huis-haard-webwinkel",
        "author": 21,
        "category": "billing",
        "status": "open",
        "days_ago": 13,
        "title": "Retourzending al een maand binnen, maar het geld is nog niet teruggestort",
        "body": (
            "Ik heb een lamp en twee kussens teruggestuurd binnen de bedenktijd. Volgens de "
            "track-and-trace is het pakket vier weken geleden bij Huis & Haard afgeleverd. In mijn "
            "account staat de retour nog steeds op 'onderweg'.\n\n"
            "De klantenservice zegt dat retouren 'binnen 14 dagen na ontvangst' worden verwerkt en "
            "dat ik moet wachten. Als ik laat zien dat het al vier weken binnen is, zeggen ze dat "
            "het magazijn het 'nog moet inboeken'. Het gaat om € 86,50."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 30,
        "desired_outcome": (
            "Terugbetaling van de € 86,50, binnen de termijn die de wet voorschrijft."
        ),
    },
    {
        "company": "huis-haard-webwinkel",
        "author": 4,
        "category": "reachability",
        "status": "pending",
        "days_ago": 6,
        "title": "Contactformulier geeft steeds een foutmelding, en bellen kan niet",
        "body": (
            "Drie keer het contactformulier ingevuld over een verkeerd geleverde kast. Elke keer: "
            "'Er ging iets mis.' Een telefoonnummer staat nergens op de site. Hoe moet ik jullie "
            "dan bereiken?"
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 8,
        "desired_outcome": "Een reactie op mijn vraag over de verkeerd geleverde kast.",
    },
    # Snelkoop
    {
        "company": "snelkoop",
        "author": 15,
        "category": "delivery",
        "status": "answered",
        "days_ago": 55,
        "title": (
            "Pakket van een externe verkoper nooit aangekomen, Snelkoop verwijst naar de verkoper"
        ),
        "body": (
            "Via Snelkoop heb ik een koptelefoon van € 79 gekocht. Dat het om een "
            "'partnerverkoper' ging, zag ik pas achteraf in kleine letters. Het pakket is nooit "
            "aangekomen; de track-and-trace bleef hangen op 'zending aangemeld'.\n\n"
            "De verkoper reageert niet op berichten via het platform. Snelkoop zegt dat ik 'eerst "
            "het contact met de verkoper moet afronden'. Hoe rond je contact af met iemand die "
            "niet reageert? Na twee weken kon ik een 'geschil' openen. Dat staat nu al een maand "
            "op 'in beoordeling'.\n\n"
            "Ik heb bij Snelkoop betaald, op de site van Snelkoop. Dan vind ik ook dat Snelkoop "
            "ervoor moet zorgen dat ik mijn geld terugkrijg."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 40,
        "desired_outcome": "Terugbetaling van € 79.",
    },
    {
        "company": "snelkoop",
        "author": 2,
        "category": "billing",
        "status": "open",
        "days_ago": 10,
        "title": "Aanmaning voor een bestelling die ik al lang heb teruggestuurd",
        "body": (
            "Ik heb een jas besteld met achteraf betalen en die binnen een week teruggestuurd. De "
            "retour is door Snelkoop ontvangen, dat staat gewoon in mijn account. Toch kreeg ik "
            "een betalingsherinnering van de betaaldienst, en nu een aanmaning met € 15 extra "
            "kosten.\n\n"
            "Snelkoop zegt dat ik bij de betaaldienst moet zijn. De betaaldienst zegt dat Snelkoop "
            "de retour 'nog niet heeft doorgegeven'. Vijf keer heen en weer, en ik ben bang dat "
            "dit straks bij een incassobureau ligt."
        ),
        "contacts_before": 5,
        "first_contact_days_ago": 35,
        "desired_outcome": (
            "Dat Snelkoop de retour doorgeeft aan de betaaldienst en dat de aanmaning wordt "
            "ingetrokken."
        ),
    },
    {
        "company": "snelkoop",
        "author": 7,
        "category": "privacy",
        "status": "resolved",
        "days_ago": 180,
        "title": (
            "Account overgenomen door fraudeurs, bestellingen op mijn naam en dagenlang geen hulp"
        ),
        "body": (
            "Op een zondagavond kreeg ik drie bevestigingen van bestellingen die ik niet had "
            "gedaan: twee telefoons en een spelcomputer, te bezorgen bij een afhaalpunt in een "
            "andere stad. Iemand had mijn wachtwoord gewijzigd; zelf kon ik niet meer inloggen.\n\n"
            "Het formulier 'account gehackt' stuurt je terug naar de inlogpagina. De telefoonlijn "
            "is in het weekend dicht. Maandagochtend om acht uur gebeld, maar het duurde tot "
            "woensdag voordat het account werd geblokkeerd, en toen waren de bestellingen al "
            "opgehaald.\n\n"
            "Uiteindelijk is alles teruggedraaid en heb ik geen schade. De afdeling fraude was "
            "heel behulpzaam, vanaf het moment dat ik ze eenmaal te pakken had. Maar drie dagen is "
            "lang als iemand op jouw naam aan het winkelen is."
        ),
        "contacts_before": 6,
        "first_contact_days_ago": 14,
        "desired_outcome": (
            "Dat de bestellingen worden geannuleerd en ik weer toegang krijg tot mijn account."
        ),
        "rating": 5,
    },
    {
        "company": "snelkoop",
        "author": 20,
        "category": "other",
        "status": "open",
        "days_ago": 15,
        "title": "Cadeaubon wordt bij het afrekenen steeds afgewezen",
        "body": (
            "Voor mijn verjaardag kreeg ik een cadeaubon van € 50. Bij het afrekenen staat er "
            "'code ongeldig'. Volgens de chat is de bon 'al gebruikt'. Door wie dan?"
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 20,
        "desired_outcome": "Een werkende cadeaubon, of uitleg wie hem heeft gebruikt.",
    },
    {
        "company": "snelkoop",
        "author": 13,
        "category": "delivery",
        "status": "withdrawn",
        "days_ago": 120,
        "title": "Wasmachine geleverd met een flinke deuk in de zijkant",
        "body": (
            "Bij het uitpakken bleek de wasmachine een flinke deuk in de zijkant te hebben. Ik heb "
            "foto's gestuurd via het klantportaal. Het enige antwoord tot nu toe is dat de foto's "
            "'worden beoordeeld'. Ik wil gewoon weten of ik hem kan omruilen."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 12,
        "desired_outcome": "Omruilen voor een onbeschadigde wasmachine.",
    },
    # Voltmarkt
    {
        "company": "voltmarkt",
        "author": 11,
        "category": "outage",
        "status": "answered",
        "days_ago": 68,
        "title": "Laptop drie keer terug naar de reparatieservice, drie keer hetzelfde probleem",
        "body": (
            "Mijn laptop van Voltmarkt, nog geen jaar oud, valt zomaar uit. Scherm zwart, "
            "ventilator blijft draaien. Ik heb hem binnen de garantie ingeleverd bij de winkel.\n\n"
            "**Eerste keer:** na drie weken terug, met op de werkbon 'geen storing gevonden, "
            "software opnieuw geïnstalleerd'. Al mijn bestanden waren weg; gelukkig had ik een "
            "back-up. Twee dagen later dezelfde storing.\n\n"
            "**Tweede keer:** vier weken weg. Op de werkbon: 'accu vervangen'. Een week later: "
            "zelfde storing.\n\n"
            "**Derde keer:** vijf weken. Op de werkbon: 'BIOS bijgewerkt, getest, geen storing "
            "gevonden'. Na drie dagen weer raak.\n\n"
            "Ik heb in totaal negen keer contact gehad met de servicelijn en de winkel. Ik vraag "
            "nu om een nieuw exemplaar of mijn geld terug, maar de servicelijn zegt dat dat pas "
            "kan 'na drie reparaties van hetzelfde defect'. Volgens hen waren het drie "
            "verschillende reparaties, omdat er steeds iets anders is gedaan.\n\n"
            "Ik zit inmiddels bijna drie maanden zonder een laptop waarop ik kan vertrouwen, en ik "
            "heb hem nodig voor mijn studie."
        ),
        "contacts_before": 9,
        "first_contact_days_ago": 95,
        "desired_outcome": "Een nieuwe laptop of terugbetaling van de aankoopprijs.",
    },
    {
        "company": "voltmarkt",
        "author": 19,
        "category": "advice",
        "status": "open",
        "days_ago": 240,
        "title": "Uitgebreide garantie van € 149 gekocht die precies dit defect niet dekt",
        "body": (
            "Bij de aankoop van een televisie raadde de verkoper me de 'zorgeloos-garantie' aan, "
            "voor € 149 extra, 'voor alles wat er in vijf jaar mis kan gaan'. Toen het scherm na "
            "twee jaar strepen begon te vertonen, bleek dat 'paneelschade' niet onder deze "
            "garantie valt.\n\n"
            "In de winkel zeggen ze dat de verkoper 'het misschien wat ruim heeft uitgelegd'. De "
            "klantenservice zegt dat de voorwaarden bij de aankoop zijn meegegeven. Dat klopt: in "
            "een envelop die ik pas thuis openmaakte."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 30,
        "desired_outcome": (
            "Reparatie van de televisie onder de garantie, of terugbetaling van de € 149."
        ),
    },
    {
        "company": "voltmarkt",
        "author": 3,
        "category": "delivery",
        "status": "resolved",
        "days_ago": 39,
        "title": "Betaald voor aansluiten van de wasmachine, maar de bezorgers sloten hem niet aan",
        "body": (
            "Bij de bestelling van een wasmachine heb ik € 35 extra betaald voor 'bezorgen, "
            "aansluiten en oude meenemen'. De bezorgers zetten de nieuwe machine in de gang, namen "
            "de oude mee en zeiden dat aansluiten 'niet op hun opdracht' stond.\n\n"
            "Na drie telefoontjes kwam er een week later een monteur die hem alsnog aansloot, en "
            "de € 35 heb ik teruggekregen. Uiteindelijk prima opgelost, maar een week zonder "
            "wasmachine met drie kinderen is geen pretje."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 10,
        "desired_outcome": "Dat de wasmachine wordt aangesloten zoals afgesproken.",
        "rating": 4,
    },
    {
        "company": "voltmarkt",
        "author": 8,
        "category": "other",
        "status": "rejected",
        "days_ago": 6,
        "title": "Is de nieuwe telefoon van Voltmarkt nu waterdicht of niet?",
        "body": (
            "Op de site staat 'spatwaterdicht', maar in de winkel zeiden ze 'waterdicht'. Wat is "
            "het nou? Ik wil hem mee kunnen nemen naar het zwembad."
        ),
        "contacts_before": 0,
        "first_contact_days_ago": 1,
        "desired_outcome": "",
        "rejection_reason": (
            "Dit is een vraag aan het bedrijf, geen ervaring met de klantenservice. Stel uw vraag "
            "rechtstreeks aan Voltmarkt."
        ),
    },
    # ZorgGerust Verzekering
    {
        "company": "zorggerust-verzekering",
        "author": 14,
        "category": "billing",
        "status": "answered",
        "days_ago": 20,
        "title": "Declaratie voor fysiotherapie drie keer afgewezen vanwege een ‘ontbrekende code’",
        "body": (
            "Na een knieoperatie heb ik achttien behandelingen fysiotherapie gehad. Mijn "
            "fysiotherapeut declareert niet rechtstreeks, dus ik heb de nota zelf ingediend via de "
            "app van ZorgGerust.\n\n"
            "De declaratie werd afgewezen: 'prestatiecode ontbreekt'. De code staat gewoon op de "
            "nota, maar de app leest hem blijkbaar niet. Opnieuw ingediend, als foto én als pdf: "
            "weer afgewezen. De derde keer per post: afgewezen, met dezelfde reden.\n\n"
            "Zeven keer heb ik contact gehad. Aan de telefoon zegt men dat de nota 'er goed "
            "uitziet' en dat ik hem 'gewoon opnieuw moet indienen'. Het gaat om bijna € 700 die ik "
            "heb voorgeschoten."
        ),
        "contacts_before": 7,
        "first_contact_days_ago": 60,
        "desired_outcome": "Dat iemand de nota met de hand beoordeelt en uitbetaalt.",
    },
    {
        "company": "zorggerust-verzekering",
        "author": 12,
        "category": "reachability",
        "status": "resolved",
        "days_ago": 380,
        "title": (
            "Zes weken wachten op toestemming voor een rolstoel, aan de telefoon weet niemand iets"
        ),
        "body": (
            "Mijn vader heeft na een beroerte een rolstoel nodig. De aanvraag ging in maart via de "
            "leverancier naar ZorgGerust. Daarna: stilte. Bij het klantcontactcentrum kon niemand "
            "de aanvraag vinden, want die loopt 'via de afdeling hulpmiddelen', en die is niet "
            "rechtstreeks bereikbaar.\n\n"
            "Na tien telefoontjes kreeg ik een medewerker die het dossier wel kon openen. Zij zag "
            "dat er al drie weken werd gewacht op een handtekening van een adviseur die op "
            "vakantie was, en heeft het dezelfde middag geregeld. Ik ben haar dankbaar, maar zes "
            "weken voor een rolstoel is te lang."
        ),
        "contacts_before": 10,
        "first_contact_days_ago": 45,
        "desired_outcome": "Snel toestemming voor de rolstoel.",
        "rating": 4,
    },
    {
        "company": "zorggerust-verzekering",
        "author": 6,
        "category": "contract",
        "status": "pending",
        "days_ago": 5,
        "title": "Aanvullende verzekering opgezegd, maar de premie wordt nog steeds afgeschreven",
        "body": (
            "Eind vorig jaar heb ik mijn aanvullende tandartsverzekering opgezegd via de app, en "
            "ik kreeg een bevestiging. Toch staat de verzekering in januari en februari nog op "
            "mijn polis en wordt de premie gewoon afgeschreven.\n\n"
            "De klantenservice zegt dat de opzegging 'te laat binnen' was. Volgens de bevestiging "
            "was hij op 28 december binnen, ruim voor het einde van het jaar."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 60,
        "desired_outcome": (
            "Dat de opzegging per 1 januari wordt verwerkt en de te veel betaalde premie wordt "
            "teruggestort."
        ),
    },
    # Pakketbode
    {
        "company": "pakketbode",
        "author": 9,
        "category": "delivery",
        "status": "open",
        "days_ago": 7,
        "title": "‘Niet thuis’ volgens de bezorger, terwijl ik de hele dag thuis was",
        "body": (
            "Drie keer in twee weken kreeg ik van Pakketbode het bericht 'We hebben u niet thuis "
            "getroffen'. Ik werk thuis, mijn bureau staat aan de straatkant bij het raam en de bel "
            "werkt. Er is niemand geweest. De pakketten lagen daarna bij een afhaalpunt twee "
            "kilometer verderop.\n\n"
            "Op de beelden van mijn deurbel is te zien dat er op die momenten niemand voor de deur "
            "stond. Dat heb ik aan de klantenservice laten weten. Het antwoord: 'We hebben de "
            "feedback doorgegeven aan het depot.'"
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 9,
        "desired_outcome": "Dat pakketten gewoon aan de deur worden aangeboden.",
    },
    {
        "company": "pakketbode",
        "author": 23,
        "category": "delivery",
        "status": "answered",
        "days_ago": 24,
        "title": (
            "Pakket ligt volgens Pakketbode bij het afhaalpunt, maar het afhaalpunt heeft het niet"
        ),
        "body": (
            "Volgens de track-and-trace lag mijn pakket bij het afhaalpunt in de supermarkt. Daar "
            "konden ze het niet vinden, ook niet na zoeken in het magazijn. De medewerker zei dat "
            "het 'waarschijnlijk nog niet was gescand'.\n\n"
            "Pakketbode zegt dat het afhaalpunt het pakket heeft ontvangen, want het is gescand. "
            "Het afhaalpunt zegt dat ze het niet hebben. Na acht dagen werd het pakket automatisch "
            "'teruggestuurd naar de afzender', en nu moet ik bij de webwinkel opnieuw bestellen."
        ),
        "contacts_before": 4,
        "first_contact_days_ago": 14,
        "desired_outcome": "Dat Pakketbode uitzoekt waar het pakket is gebleven.",
    },
    {
        "company": "pakketbode",
        "author": 0,
        "category": "delivery",
        "status": "removed",
        "days_ago": 143,
        "title": "Bezorger gooit pakketten over het tuinhek",
        "body": (
            "Al twee keer vond ik een pakket in de tuin, over het hek gegooid, één keer in de "
            "regen. Er zat een vaas in, en die was kapot. Pakketbode zegt dat ik een "
            "schadeformulier moet invullen bij de webwinkel."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 10,
        "desired_outcome": "",
        "removal_reason": "Dubbel geplaatst: dezelfde ervaring staat al eerder op de site.",
    },
    {
        "company": "pakketbode",
        "author": 21,
        "category": "reachability",
        "status": "pending",
        "days_ago": 1,
        "title": "De chatbot van Pakketbode begrijpt het woord ‘beschadigd’ niet",
        "body": (
            "Ik wil een beschadigd pakket melden. De chatbot antwoordt op 'beschadigd', 'kapot' en "
            "'schade' steeds met: 'Wilt u uw bezorgmoment wijzigen?' Nee."
        ),
        "contacts_before": 2,
        "first_contact_days_ago": 3,
        "desired_outcome": "",
    },
    # A company nobody listed yet: a moderator finds it under "Nieuwe bedrijven".
    {
        "company": "snelpost-koeriers",
        "author": 5,
        "category": "delivery",
        "status": "pending",
        "days_ago": 2,
        "title": "Koerier belt niet aan en neemt het pakket weer mee naar het depot",
        "body": (
            "Drie keer een bezorgpoging die er geen was: ik zat thuis, de bel werkt, en toch "
            "stond er in de app 'niemand thuis'. Het depot is alleen open als ik werk.\n\n"
            "De klantenservice zegt dat de koerier 'vast wel' heeft aangebeld."
        ),
        "contacts_before": 3,
        "first_contact_days_ago": 8,
        "desired_outcome": "Dat het pakket op een zaterdag wordt bezorgd.",
    },
]

# Named by consumers but not listed yet (they wait in the moderators' queue).
PROPOSED_COMPANIES: list[dict] = [
    {"slug": "snelpost-koeriers", "name": "Snelpost Koeriers", "sector": "other",
     "website": "https://snelpost-koeriers.example"},
]

# Reports on published stories, for the moderators' queue: (complaint title, author, reason).
FLAGS: list[tuple[str, int, str, str]] = [
    ("Vier keer een terugbelverzoek ingediend en nooit teruggebeld", 3, "wrong_company",
     "Volgens mij gaat dit over een andere provider."),
    ("Vier keer een terugbelverzoek ingediend en nooit teruggebeld", 7, "duplicate", ""),
]

# Webcare teams: (company slug, name, job title, owner, promise in hours or None, channels).
# The first of each company owns its profile. Two have a known password (README: demo log-ins).
REPRESENTATIVES: list[tuple[str, str, str, bool]] = [
    ("zendgolf-mobiel", "Sanne de Wit", "Teamleider webcare", True),
    ("zendgolf-mobiel", "Joost Verbeek", "Medewerker webcare", False),
    ("stroomlijn-energie", "Ilse Kramer", "Klantenservice, team sociale media", True),
    ("glaslijn-internet", "Rob Hendriks", "Webcare", True),
    ("zonnedijk-energie", "Noor Bakker", "Klantcontact", True),
    ("spaarhaven-bank", "Mehmet Yildiz", "Webcare-specialist", True),
    ("duinvalk-reizen", "Lisa Smit", "Customer care", True),
    ("huis-haard-webwinkel", "Daan Mulder", "Klantenservice", True),
    ("snelkoop", "Eva Jansen", "Webcare", True),
    ("voltmarkt", "Tim de Boer", "Service desk", True),
    ("zorggerust-verzekering", "Fleur Visser", "Klachtenbehandeling", True),
    ("pakketbode", "Bram Peters", "Webcare", True),
    ("verbinding-noord", "Anouk Dekker", "Klantenservice", True),
    ("warmtenet-amstelland", "Kim Vos", "Klantcontact", True),
    ("zuiderbus", "Thomas Meijer", "Reizigerscontact", True),
    ("heffingsbureau-midden-delta", "Wim Bos", "Klachtencoördinator", True),
]

COMPANY_PROFILES: dict[str, dict] = {
    "zendgolf-mobiel": {"promise": 24, "channels": "Webcare: maandag tot en met zaterdag, 8 tot "
                        "22 uur\nChat in de Zendgolf-app\nWinkels: zie de website"},
    "stroomlijn-energie": {"promise": 48, "channels": "Klantenservice: werkdagen 8 tot 18 uur\n"
                           "Storingen: dag en nacht via de website"},
    "spaarhaven-bank": {"promise": 24, "channels": "Chat in de app, dag en nacht\n"
                        "Bel de Spaarhaven-servicelijn op werkdagen"},
}

# The company's first public reply; {name} is the consumer, {rep} the representative.
COMPANY_REPLIES: list[str] = [
    "Hoi {name}, wat vervelend dat je zo vaak hebt moeten bellen. Dat hoort niet zo te gaan. "
    "Ik heb je dossier bekeken en stuur je een privébericht, dan lossen we het daar verder "
    "op.\n\nGroet, {rep}",
    "Goedemiddag {name}, dank voor je uitgebreide verhaal en excuses voor de lange wachttijd. "
    "Ik heb een collega van de afdeling gevraagd vandaag nog naar je situatie te kijken. Ik "
    "laat je hier weten wat eruit komt.\n\n{rep}",
    "Hallo {name}, dit had echt beter gemoeten. Ik neem je zaak persoonlijk over, zodat je niet "
    "opnieuw alles hoeft uit te leggen. Wil je in een privébericht laten weten wanneer je "
    "bereikbaar bent?\n\nMet vriendelijke groet, {rep}",
    "Beste {name}, excuses voor de gang van zaken. We hebben de fout gevonden: er ging iets mis "
    "bij het verwerken van je wijziging. Dat is nu hersteld en je krijgt het te veel betaalde "
    "bedrag binnen vijf werkdagen terug.\n\nGroet, {rep}",
    "Hoi {name}, ik zie dat je al een paar keer bent doorverbonden zonder resultaat. Dat spijt "
    "me. Ik heb een terugbelafspraak voor je ingepland met iemand die er wél over gaat; de "
    "details stuur ik je privé.\n\n{rep}",
]

CONSUMER_FOLLOW_UPS: list[str] = [
    "Dank voor de snelle reactie hier. Ik wacht het privébericht af.",
    "Fijn dat er nu iemand meekijkt. Wel jammer dat het pas gebeurt nadat ik het hier "
    "openbaar heb gemaakt.",
    "Ik heb jullie bericht gelezen. Het geld is nog niet binnen, ik laat het weten zodra het er "
    "is.",
]

PRIVATE_MESSAGES: list[tuple[str, str]] = [
    ("company", "Hoi, om je goed te kunnen helpen heb ik je klantnummer en de datum van je "
     "laatste factuur nodig. Die kun je hier veilig sturen; dit bericht is niet openbaar."),
    ("consumer", "Dank je. Mijn klantnummer en de factuurdatum staan in de bijlage van mijn "
     "eerdere mail; ik zet ze hier nog een keer neer voor de zekerheid."),
    ("company", "Gevonden, dank je wel. Ik heb de correctie doorgezet; je ontvangt binnen vijf "
     "werkdagen een nieuwe factuur."),
]

RESOLUTION_NOTES: list[str] = [
    "Uiteindelijk netjes opgelost, maar het had geen drie weken hoeven duren.",
    "Na de openbare reactie ging het snel. Bedankt.",
    "",
]
