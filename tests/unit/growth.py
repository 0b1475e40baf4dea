"""Helpers for tests that count the work a shape of text costs, not its seconds."""

from __future__ import annotations

import pytest

_SYLLABLES = ("ka", "ro", "vin", "del", "mar", "tos", "lek", "nu", "bar", "sel", "mo", "ri", "dan", "gor", "li", "ven")


def unique_surname(k: int) -> str:
    """A made-up surname of its own for every ``k`` ("Rovinson", "Delmarson", …)."""
    word, k = "", k + 17
    while k:
        word += _SYLLABLES[k % len(_SYLLABLES)]
        k //= len(_SYLLABLES)
    return (word + "son").capitalize()


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (a function of a module, or a method of a class): ``[calls]``."""
    calls = [0]
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
