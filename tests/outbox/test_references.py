"""Customer references: Crockford base32 without look-alikes, grouped, unique, and read back
however a person types them."""

from __future__ import annotations

import re

from kiosk.outbox.plans import REFERENCE_ALPHABET, canonical_reference, new_reference

FORM = re.compile(r"^K-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_references_have_no_look_alike_letters_and_are_unique() -> None:
    made = [new_reference() for _ in range(100_000)]
    assert len(set(made)) == len(made)
    assert all(FORM.match(r) for r in made), [r for r in made if not FORM.match(r)][:5]
    used = {ch for r in made for ch in r[2:].replace("-", "")}
    assert used == set(REFERENCE_ALPHABET)  # every symbol is drawn, and only those
    assert not used & set("ILOU")


def test_a_reference_is_read_back_whatever_the_case_dashes_and_look_alikes() -> None:
    assert canonical_reference("K-7T86-M0QX") == "K-7T86-M0QX"
    assert canonical_reference("k-7t86-m0qx") == "K-7T86-M0QX"
    assert canonical_reference(" k 7t86 moqx ") == "K-7T86-M0QX"  # O read as 0
    assert canonical_reference("K7T8GMIL0") == "K-7T8G-M110"  # I and L read as 1
    for _ in range(200):
        ref = new_reference()
        typed = ref.lower().replace("-", " ").replace("0", "o").replace("1", "l")
        assert canonical_reference(typed) == ref


def test_text_that_is_not_a_reference_is_left_as_typed() -> None:
    assert canonical_reference("kiosk-123") == "KIOSK-123"
    assert canonical_reference("K-7T86-M0QU") == "K-7T86-M0QU"  # U is not a symbol
