"""Synthetic Danish names for the demo municipality.

Common first names and surnames, combined at random: no row describes a real person, and
no CPR number is ever generated. Places are made up from common Danish name parts.
"""

from __future__ import annotations

GIRL_NAMES: tuple[str, ...] = (
    "Emma", "Ida", "Clara", "Freja", "Alma", "Ella", "Sofia", "Karla", "Agnes", "Anna",
    "Olivia", "Josefine", "Nora", "Lærke", "Laura", "Ellen", "Asta", "Mathilde", "Alberte", "Frida",
    "Isabella", "Emilie", "Luna", "Maja", "Vera", "Esther", "Lily", "Aya", "Liv", "Signe",
    "Caroline", "Sara", "Marie", "Cecilie", "Julie", "Nanna", "Mille", "Rosa", "Silje", "Thea",
    "Victoria", "Sofie", "Astrid", "Ingrid", "Olga", "Karen", "Hannah", "Molly", "Naja", "Selma",
)  # fmt: skip

BOY_NAMES: tuple[str, ...] = (
    "William", "Noah", "Oscar", "Lucas", "Carl", "Alfred", "Oliver", "Aksel", "Emil", "Valdemar",
    "Arthur", "Malthe", "Magnus", "Viggo", "August", "Theo", "Elias", "Felix", "Anton", "Victor",
    "Frederik", "Johan", "Otto", "Storm", "Villads", "Mads", "Christian", "Karl", "Liam", "Hugo",
    "Walter", "Bertram", "Sebastian", "Mikkel", "Jonas", "Rasmus", "Tobias", "Marius", "Laurits", "Asger",
    "Benjamin", "Daniel", "Adam", "Silas", "Ludvig", "Konrad", "Erik", "Holger", "Svend", "Niels",
)  # fmt: skip

ADULT_WOMEN: tuple[str, ...] = (
    "Mette", "Hanne", "Anne", "Susanne", "Louise", "Camilla", "Maria", "Tina", "Pernille", "Helle",
    "Charlotte", "Line", "Trine", "Rikke", "Stine", "Lene", "Maiken", "Katrine", "Mia", "Sanne",
    "Dorthe", "Birgitte", "Lone", "Gitte", "Anja", "Jeanette", "Malene", "Tanja", "Heidi", "Bente",
)  # fmt: skip

ADULT_MEN: tuple[str, ...] = (
    "Lars", "Jens", "Peter", "Michael", "Henrik", "Thomas", "Søren", "Martin", "Jesper", "Anders",
    "Morten", "Kasper", "Jacob", "Rune", "Brian", "Kim", "Jan", "Ole", "Bo", "Claus",
    "Torben", "Steffen", "Allan", "René", "Kristian", "Simon", "Nikolaj", "Dennis", "Jakob", "Kenneth",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen",
    "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen",
    "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Nissen",
    "Lauridsen", "Kjær", "Jespersen", "Mogensen", "Skov", "Nørgaard", "Jepsen", "Frandsen",
    "Søndergaard", "Bach", "Kjeldsen", "Dam", "Berg", "Østergaard", "Lassen", "Bruun",
    "Krogh", "Winther", "Friis", "Juhl", "Lindberg", "Ahmed", "Hussein", "Yilmaz", "Nowak", "Ali",
)  # fmt: skip

# Parts of made-up place names ("Egebakke", "Solvang", "Lindlund") for units.
PLACE_PREFIXES: tuple[str, ...] = (
    "Ege", "Bøge", "Lind", "Ask", "Hassel", "Rose", "Sol", "Kilde", "Eng", "Sø",
    "Skov", "Mølle", "Hede", "Strand", "Fjord", "Ahorn", "Birke", "Pile", "Elle", "Kastanie",
)  # fmt: skip
PLACE_SUFFIXES: tuple[str, ...] = ("bakke", "høj", "vang", "dal", "lund", "gård", "eng", "park", "toft", "holm")

DISTRICT_NAMES: tuple[str, ...] = (
    "Nord", "Syd", "Øst", "Vest", "Midt", "Centrum", "Havnen", "Skoven", "Bakkerne", "Engene",
    "Søerne", "Kysten", "Åen", "Heden", "Fjorden", "Parken", "Byen", "Landet", "Mosen", "Klinten",
)  # fmt: skip

ROOM_NAMES: tuple[str, ...] = ("Rød stue", "Blå stue", "Grøn stue", "Gul stue", "Orange stue", "Lilla stue")

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def ascii_name(name: str) -> str:
    """A name as plain lower-case ASCII, for usernames ("Søren Kjær" → "soeren kjaer")."""
    return name.lower().translate(_ASCII)


def place_names() -> list[str]:
    """Every made-up place name, in a fixed order."""
    return [f"{prefix}{suffix}" for suffix in PLACE_SUFFIXES for prefix in PLACE_PREFIXES]
