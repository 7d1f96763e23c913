# ruff: noqa: E501 - the agreement text is kept one paragraph to a line, as written.
"""The Laholm agreement 2024–2026, transcribed from the signed document.

Text is kept exactly as written (including its punctuation); only line breaks
and hyphenation from the PDF conversion are undone. Blank lines separate
paragraphs, "- " starts a bullet and "1. " a numbered item (see Clause.blocks).
"""

from datetime import date

# How loaddemo finds this agreement again, whatever has been edited in it.
KEY = "laholm-2024-2026"

AGREEMENT = {
    "title": "Samverkansöverenskommelse 2024–2026",
    "municipality": "Laholms kommun",
    "valid_from": date(2024, 1, 1),
    "valid_to": date(2026, 12, 31),
    "signed_place": "Laholm",
    "signed_on": date(2023, 1, 12),
    "status": "signed",
}

# (organisation, kind, org. number, address, short name, party as written,
#  signatory name, signatory title) in the order the agreement lists them.
PARTIES = [
    (
        "Laholms kommun",
        "municipality",
        "212000-1223",
        "Humlegången 6, 312 23 Laholm",
        "Kommunen",
        "Laholms kommun",
        "Ove Bengtsson",
        "Kommunstyrelsens ordförande",
    ),
    (
        "Polismyndigheten",
        "police",
        "202100-0076",
        "Norra Källegatan 3, 302 32 Halmstad",
        "Polisen",
        "Polismyndigheten genom lokalpolisområde Halmstad/Laholm",
        "Gustav Rosén Zetterberg",
        "Lokalpolisområdeschef, Lokalpolisområde Halmstad/Laholm",
    ),
    (
        "Kriminalvården",
        "prison_probation",
        "202100-0225",
        "Norra Källegatan 4a 302 32 Halmstad",
        "Kriminalvården",
        "Kriminalvården Frivården Halmstad",
        "Linda Hilmarsson",
        "Kriminalvårdschef, Frivården Halland & Västra Götaland",
    ),
]

ANNEXES = [
    (1, "Lokal lägesbild och orsaksanalys", "situation_picture"),
    (2, "Medborgarlöfte 2024", "citizen_promise"),
    (3, "Åtgärdsplan", "action_plan"),
]

CLAUSES = [
    (
        "Bakgrund",
        """Laholms kommun, Polisen och Kriminalvården har genom följande samverkansöverenskommelse beslutat att fortsätta arbeta gemensamt med det brottsförebyggande och trygghetsskapande arbetet. Arbetet kräver att parterna arbetar långsiktigt, systematiskt och kunskapsbaserat. Samverkan utgår från att kartlägga återkommande problem, analysera de bidragande faktorerna, identifiera åtgärder och följa upp effekterna.

Samtliga aktörer förbinder sig att genom denna överenskommelse aktivt medverka och tillskjuta de resurser som krävs för att syfte och målsättningar ska ges förutsättningar att realiseras.""",
    ),
    (
        "Syfte och mål",
        """Syftet med samverkansöverenskommelsen är att främja, utveckla och fördjupa samarbetet mellan kommun, polis och kriminalvård. Detta görs genom att tydliggöra åtaganden aktörerna emellan. Syftet är också att säkerställa en fortsatt och systematisk samverkan.

Målet är att använda samverkansöverenskommelsen som ett verktyg för fortlöpande diskussioner om prioriteringar, gemensamma insatser och utvecklingsmöjligheter. Fokus ska ligga på trygghet, säkerhet och det brottsförebyggande arbete. Samverkande aktörer i denna samverkansöverenskommelse ska gemensamt arbeta mot detta mål.

Överenskommelsen knyter an till Laholms kommuns arbete med målområden och gemensamma resultatmål.""",
    ),
    (
        "Parter",
        """- Laholms kommun, organisationsnummer 212000-1223, Humlegången 6, 312 23 Laholm. ”Kommunen”.
- Polismyndigheten genom lokalpolisområde Halmstad/Laholm, organisationsnummer 202100-0076, Norra Källegatan 3, 302 32 Halmstad. ”Polisen”.
- Kriminalvården Frivården Halmstad, organisationsnummer: 202100-0225, Norra Källegatan 4a 302 32 Halmstad. ”Kriminalvården”.

I denna samverkan är parterna likvärdiga. Parterna har ett ansvar att efterleva samverkansöverenskommelsens intentioner. Ekonomiska medel regleras inte av denna samverkansöverenskommelse.""",
    ),
    (
        "Bilagor till samverkansöverenskommelsen",
        """Nedan angivna handlingar kommer att ligga till grund för parternas åtaganden enligt samverkansöverenskommelsen:

1. Lokal lägesbild och orsaksanalys.
2. Medborgarlöfte 2024.
3. Åtgärdsplan.""",
    ),
    (
        "Samverkansöverenskommelsens giltighetstid",
        """Samverkansöverenskommelsen löper från och med 2024-01-01 till och med 2026-12-31.""",
    ),
    (
        "Strategiskt råd",
        """Parterna organiserar samverkan genom ett gemensam strategiskt råd för att långsiktigt planera, behandla, besluta och följa upp frågor som rör samverkansöverenskommelsen.

Det strategiska rådet sammanträder fyra gånger per år samt vid behov.

Vid dessa möten diskuteras bland annat aktuell lägesbild, arbete med beslutade åtgärder samt medborgarlöfte och uppföljning.

Det strategiska rådet har möjlighet att dela ut uppdrag till den Operativa samverkansgruppen.

I det strategiska rådet ingår följande funktioner.

Kommunen:

- Kommunens ledningsgrupp (utökad grupp vid två av mötena).
- Kommunens säkerhetschef.
- Brottsförebyggande samordnare.
- Laholmshems VD.

Polisen:

- Lokalpolisområdeschef eller biträdande lokalpolisområdeschef.
- Lokal representant för polisen vid behov.
- Kommunpolis.

Kriminalvården:

- Kriminalvårdschef/Frivårdschef verksamhetsområde Halland och Västra Götaland.

Samtliga funktioner kan vid behov utse ersättare.

Därutöver deltar personer ur den operativa samverkansgruppen vid behov på strategiska rådets möten i rollen som föredragande för aktuella ärenden. Andra parter kan adjungeras till dessa möten vid behov.

Beslut i det strategiska rådet bygger på konsensus mellan parterna.

Kommunen äger ordförandeskapet.""",
    ),
    (
        "Operativ samverkansgrupp",
        """För det kontinuerliga arbetet ska det finnas en operativ samverkansgrupp bestående av parternas representanter. I den operativa gruppen kan det även vid behov vara representanter från andra verksamheter.

Gruppen ska bidra kring den lokala lägesbilden och pågående arbete i kommunen som helhet med fokus på brottsförebyggande arbete. Utgångspunkten tas ur den gemensamt framtagna Åtgärdsplanen.

Deltagarna ansvarar för att delta i arbetet med uppföljningen och ska inkomma med aktuell information utifrån sina professioner.

Utifrån uppdrag från strategiska rådet ska den operativa gruppen ta fram underlag och förslag till nya insatser.

Den operativa arbetsgruppen samlas sex gånger per år samt vid hastigt uppkomna händelser.

I den operativa samverkansgruppen ingår även att löpande se över status kring Åtgärdsplanen.

I den operativa samverkansgruppen ingår följande funktioner:

Kommunen:

- Representanter från kommunens alla förvaltningar och bostadsbolaget.
- Brottsförebyggande samordnare.

Polisen:

- Kommunpolis.
- Lokal representant för polisen vid behov.

Kriminalvården:

- Tjänsteman med relevant koppling till Laholm.

Samtliga funktioner kan vid behov utse ersättare.

Parterna åtar sig att säkerställa att deltagare i den operativa samverkansgruppen kan avsätta tillräckliga resurser för uppdraget, bland annat i form av tid.""",
    ),
    (
        "Samordningsfunktion",
        """Kommunen ska ha en samordningsfunktion för brottsförebyggande frågor. Kommunens brottsförebyggare har samordningsansvaret med stöd av kommunpolisen.

Samordningsfunktionen ska särskilt:

- samordna och stödja genomförandet av kommunens arbete enligt lagen om kommuners ansvar för det brottsförebyggande arbetet,
- utgöra kommunens kontaktpunkt i förhållande till externa aktörer,
- bidra till att information om det brottsförebyggande arbetet sprids till kommunens invånare och andra som kan ha intresse eller behov av sådan information.

Den brottsförebyggande samordnaren är sammankallande för den operativa samverkansgruppen och det strategiska rådet. Arbete med orsaksanalyser utifrån lägesbild och aktuell problematik samt framtagande av förslag till medborgarlöfte genomförs tillsammans och med stöd av kommunpolisen.""",
    ),
    (
        "Lokal lägesbild",
        """Parterna har tillsammans tagit fram en gemensam lägesbild över brottsligheten inom kommunens geografiska område.

Lägesbilden bygger på:

- Information från polismyndigheten.
- Information från Kriminalvården.
- Information från kommunen.
- Information från kommunens bolag.
- Kommunens och polismyndighetens gemensamma trygghetsenkät.

Lägesbilden innehåller:

- en kartläggning av brottsligheten, dess omfattning och konsekvenser,
- annan information av betydelse i sammanhanget,
- en analys av kartläggningen och informationen.

Den lokala lägesbilden uppdateras i sin helhet minst vartannat år. Aktuell lägesbild hålls uppdaterad genom regelbunden samverkan.""",
    ),
    (
        "Åtgärdsplan",
        """Kommunen ska med lägesbilden som underlag, besluta om en plan för vilka åtgärder som kommunen avser att vidta för att förebygga brott (åtgärdsplan).

Åtgärdsplanen ska minst vartannat år följas upp.

Planen innehåller även åtgärder från övriga samverkansparter.

I planen skall det tydligt framgå vilken part som ansvarar för respektive åtgärd.""",
    ),
    (
        "Medborgarlöften",
        """Parterna ska tillsammans utfärda medborgarlöften, vilka finns i bilaga 2. Medborgarlöften ska utgå från kunskaper framtagna från medarbetar- och medborgardialoger, där medborgarnas upplevelser av otrygghet prioriteras.

Medborgarlöften ska ingå som ett grundläggande dokument i arbetet med orsaksanalys och åtgärdsplan.

Medborgarlöften skrivs mellan kommun och polis.

Medborgarlöftet förnyas vartannat år och målsättningen är att det skall vara klart senast årsskiftet aktuellt år.""",
    ),
    (
        "Uppdatering av bilagor",
        """Vid eventuella uppdateringar av bilagorna skall dessa föredras strategiska rådet för beslut. Den uppdaterade bilagan ska dateras och tillfogas Samverkansöverenskommelsen samt undertecknas av parterna för att äga giltighet.""",
    ),
]
