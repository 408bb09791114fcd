"""The ten lessons of seed 001 ("Wat leren we uit de praktijkvoorbeelden?"), verbatim, as one registry.

Each ronde of a samenwerking can end with a short reflection: every participant scores each lesson 1–5 on
the question ``LESSON_QUESTION``. Pages, exports and tests loop over ``LESSONS``; nothing else in the code
base spells out a lesson's text. ``text`` is the seed's sentence exactly as printed (its missing full stop
after lesson 7 included); ``title`` is a short label of our own for charts and table headers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = [
    "LESSONS",
    "LESSONS_BY_ID",
    "LESSON_QUESTION",
    "LESSON_SCALE",
    "MAX_SCORE",
    "MIN_SCORE",
    "Lesson",
    "UnknownLesson",
    "lesson",
]

LESSON_QUESTION = "In hoeverre doen wij dit?"
MIN_SCORE, MAX_SCORE = 1, 5
# What each score means, shown beside the buttons so a 3 means the same to everyone in the room.
LESSON_SCALE: dict[int, str] = {
    1: "nog niet",
    2: "een beetje",
    3: "deels",
    4: "grotendeels",
    5: "helemaal",
}


class UnknownLesson(ValueError):
    """A lesson number that the registry does not know."""


class Lesson(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    title: str
    text: str


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        id=1,
        title="Gedeeld probleem",
        text=(
            "Besteed voldoende aandacht aan het formuleren van het gedeelde probleem en stel vast waarom "
            "samenwerking hier een oplossing kan zijn."
        ),
    ),
    Lesson(
        id=2,
        title="Vraag van het bedrijfsleven",
        text=(
            "Vertrek vanuit de (personeels)behoefte van het regionale bedrijfsleven: zorg voor een duidelijke vraag."
        ),
    ),
    Lesson(
        id=3,
        title="Gezamenlijke agenda",
        text=("Maak tijd om een gezamenlijke agenda te formuleren: dit zorgt voor commitment van alle betrokkenen."),
    ),
    Lesson(
        id=4,
        title="Kracht van het netwerk",
        text=(
            "Benut de kracht van het netwerk én van de afzonderlijke partners bij het realiseren van meerwaarde "
            "van samenwerking: bundel de krachten voor meer impact."
        ),
    ),
    Lesson(
        id=5,
        title="De hele keten",
        text=(
            "Werk samen in alle stappen van de keten: betrek werkgevers aan de voorkant bij werving en matching "
            "en zorg voor begeleiding van kandidaten bij en na de plaatsing."
        ),
    ),
    Lesson(
        id=6,
        title="Maatwerktrajecten",
        text=(
            "Ontwikkel samen maatwerktrajecten, waarbij kandidaten snel aan de slag kunnen, maar tegelijk over "
            "langere tijd begeleiding en scholing kunnen ontvangen (op werk- en niet werk gerelateerde zaken)."
        ),
    ),
    Lesson(
        id=7,
        title="Formeel en informeel",
        text=(
            "Formaliseer de samenwerking met duidelijke rollen, maar behoud ook de kracht van het informele "
            "(en mogelijk groeiende) netwerk: bouw aan onderling vertrouwen"
        ),
    ),
    Lesson(
        id=8,
        title="Halen en brengen",
        text=(
            "Faciliteer dat partners doorlopend inzicht hebben in ieders belangen, zodat er een balans gevonden "
            "wordt tussen 'halen en brengen' in de samenwerking."
        ),
    ),
    Lesson(
        id=9,
        title="Dialoog blijven voeden",
        text=(
            "Organiseer de (informele) dialoog tussen partners en blijf deze voeden: organiseer actieve "
            "betrokkenheid van partners en hun netwerk, bijvoorbeeld door communicatie en events."
        ),
    ),
    Lesson(
        id=10,
        title="Wendbaar blijven",
        text=(
            "Blijf wendbaar door te zorgen dat partners aangesloten blijven bij veranderende omstandigheden, "
            "nieuwe ideeën, de doorontwikkeling van de regionale agenda en de veranderende samenstelling van de "
            "samenwerking."
        ),
    ),
)

LESSONS_BY_ID: dict[int, Lesson] = {lesson.id: lesson for lesson in LESSONS}


def lesson(lesson_id: int) -> Lesson:
    """The lesson with this number; ``UnknownLesson`` (a Dutch message) otherwise."""
    try:
        return LESSONS_BY_ID[int(lesson_id)]
    except (KeyError, TypeError, ValueError):
        raise UnknownLesson(f"Er is geen les {lesson_id!r}; de lessen zijn genummerd van 1 tot en met 10.") from None
