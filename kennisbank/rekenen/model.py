"""The household the rekenhulp computes for (pydantic; Dutch field names, as in the API and the CLI).

No personal data: ages, hours and amounts only, never a name, date of birth or address.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("1000000"), max_digits=12, decimal_places=2)]
Uren = Annotated[Decimal, Field(ge=0, le=80, max_digits=5, decimal_places=2)]


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Persoon(_Streng):
    leeftijd: int = Field(ge=0, le=120, description="Leeftijd in jaren op de peildatum.")
    pensioengerechtigd: bool = Field(False, description="Heeft de pensioengerechtigde (AOW-)leeftijd bereikt.")
    urenPerWeek: Uren = Field(Decimal(0), description="Betaalde uren per week.")
    nettoUurloon: Bedrag = Field(Decimal(0), description="Netto loon per uur in euro (na loonheffing; "
                                 "Pw art. 31 lid 3 rekent met netto inkomsten).")
    overigNettoInkomenPerMaand: Bedrag = Field(Decimal(0), description="Ander netto inkomen per maand "
                                               "(bijvoorbeeld een uitkering) in euro.")
    vrijwilligersvergoedingPerMaand: Bedrag = Field(Decimal(0), description="Kostenvergoeding voor "
                                                    "vrijwilligerswerk per maand in euro.")


class Medebewoner(_Streng):
    leeftijd: int = Field(ge=0, le=120)
    commercieleHuurOfStudent: bool = Field(False, description="Woont er op basis van een schriftelijke "
                                           "commerciële overeenkomst of volgt onderwijs met studiefinanciering "
                                           "(Pw art. 19a lid 1 onderdelen b tot en met d): telt niet als kostendeler.")


class Huishouden(_Streng):
    peildatum: date = Field(description="De dag waarop de regels gelden (JJJJ-MM-DD).")
    aanvrager: Persoon
    partner: Persoon | None = None
    kinderen: list[Annotated[int, Field(ge=0, le=17)]] = Field(default_factory=list, max_length=12,
                                                               description="Leeftijden van de ten laste komende kinderen.")
    medebewoners: list[Medebewoner] = Field(default_factory=list, max_length=12,
                                            description="Anderen die in dezelfde woning hun hoofdverblijf hebben "
                                            "(niet de partner en niet de ten laste komende kinderen).")
    woonkostenPerMaand: Bedrag = Field(Decimal(0), description="Huur of hypotheek per maand (alleen getoond).")
    vermogen: Bedrag = Field(Decimal(0), description="Bezittingen (spaargeld, auto boven gebruikelijk) in euro.")
    schulden: Bedrag = Field(Decimal(0), description="Schulden in euro (Pw art. 34 lid 1: vermogen min schulden).")
    vrijlatingArbeidsinkomsten: bool = Field(True, description="Het college vindt dat de vrijlating bijdraagt aan "
                                             "arbeidsinschakeling (Pw art. 31 lid 2 onderdeel n / art. 34a).")
    eigenRisicoAlVerbruikt: Bedrag = Field(Decimal(0), description="Deel van het eigen risico dat dit jaar al "
                                           "betaald is, per verzekerde.")
    zorgrekening: Bedrag = Field(Decimal(0), description="Een zorgrekening in deze maand die onder het eigen "
                                 "risico valt (Zvw art. 19).")
    toetsingsinkomenJaar: Bedrag | None = Field(None, description="Toetsingsinkomen (Awir) per jaar van aanvrager en "
                                                "partner samen; nodig voor de zorgtoeslag.")


SCENARIO_CODES = ("meer-werken", "medebewoner", "leeftijd", "vrijwilligersvergoeding", "eigen-risico")


class BerekeningVraag(Huishouden):
    """The household plus what to show besides the computation itself."""

    vergelijkPeildatum: date | None = Field(None, description="Reken hetzelfde huishouden ook op deze peildatum "
                                            "en toon wat er veranderde en door welke wettekst.")
    scenarios: list[Literal["meer-werken", "medebewoner", "leeftijd", "vrijwilligersvergoeding", "eigen-risico"]] = \
        Field(default_factory=list, max_length=5, description="Scenario's om door te rekenen.")


# --- output --------------------------------------------------------------------------------------------------
class HerkomstUit(BaseModel):
    bepaling: str | None = Field(description="IRI van het artikel, lid of onderdeel (null bij een parameter "
                                 "van buiten de kennisbank; dan staat de bron erbij).")
    label: str = Field(description="Leesbare naam, bijvoorbeeld 'Pw art. 21 onderdeel a'.")
    versie: str | None = Field(None, description="IRI van de versie van de tekst die op de peildatum gold.")
    geldigVanaf: str | None = None
    bron: str | None = Field(None, description="Vindplaats van een parameter uit een jaarlijkse regeling.")


class ParameterUit(BaseModel):
    naam: str
    waarde: str = Field(description="Bedrag in euro's met centen, of een percentage als breuk.")
    herkomst: HerkomstUit


class PostUit(BaseModel):
    code: str = Field(description="Vaste sleutel van de post, bijvoorbeeld 'bijstand' of 'loon'.")
    omschrijving: str
    perMaand: str = Field(description="Bedrag per maand in euro's met centen (negatief: betaald of ingehouden).")
    perJaar: str = Field(description="Twaalf keer het maandbedrag.")
    herkomst: list[HerkomstUit] = Field(min_length=1)
    parameters: list[ParameterUit] = Field(default_factory=list)
    toelichting: str | None = None


class Berekening(BaseModel):
    peildatum: date
    posten: list[PostUit] = Field(description="Wat iedere regel oplevert of afneemt, met de bepaling en versie.")
    bijstandOpbouw: list[PostUit] = Field(description="Hoe de bijstand is opgebouwd: norm, inkomen, vrijlating.")
    besteedbaarPerMaand: PostUit
    meldingen: list[str] = Field(description="Wat niet berekend is en waarom.")


class VergelijkingPost(BaseModel):
    code: str
    omschrijving: str
    van: str | None
    naar: str | None
    verschil: str
    waarom: list[dict] = Field(description="Bepalingen waarvan de versie verschilt: label, van (versie-IRI), naar.")


class Vergelijking(BaseModel):
    van: str
    naar: str
    posten: list[VergelijkingPost]
    besteedbaar: dict
    meldingen: dict
    berekeningNaar: Berekening


class ScenarioUit(BaseModel):
    code: str
    titel: str
    uitleg: str
    kolommen: list[str]
    rijen: list[list[str]]
    svg: str = Field(description="Grafiek (SVG): welke regel neemt wat.")
    varianten: list[dict]


class BerekeningAntwoord(BaseModel):
    berekening: Berekening
    vergelijking: Vergelijking | None = None
    scenarios: list[ScenarioUit] = Field(default_factory=list)
