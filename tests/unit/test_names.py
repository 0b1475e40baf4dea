"""How personal names are split into their identifying parts."""

from pipeline.names import name_core, surname


def test_a_generational_suffix_is_no_surname() -> None:
    assert surname(["Patrick", "Carlineo", "Jr."]) == "Carlineo"
    assert surname(["Martin", "Luther", "King", "III"]) == "King"
    assert list(name_core(["Patrick", "Carlineo", "Jr."])) == ["Patrick", "Carlineo"]


def test_a_name_is_never_emptied() -> None:
    """A one-word "name" that is a suffix stays itself."""
    assert surname(["Jr."]) == "Jr."
    assert surname(["Anna", "Berg"]) == "Berg"
