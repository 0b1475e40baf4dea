"""Quote attribution: find quoted and reported statements in a parsed article and name their speakers.

``attribute_quotes`` works in three passes over the ``Doc`` (the parse of the clean body):

1. **Marks** (``marks``). Quoted spans are found by a character scanner that pairs straight ("),
   curly (“ ”), guillemet (« ») and low-high („ “) double marks, and curly single marks (‘ ’)
   guarded against apostrophes. A quote left open at a paragraph end continues when the next
   paragraph opens with a mark (the news convention for multi-paragraph quotes); otherwise it is
   dropped, so one stray mark never swallows the article.
2. **Cues and speakers** (``speakers``). A quote's cue is the speech verb that governs it in the
   dependency parse (walking up from the quote), else a speech verb right after it (``"…", Earnest
   announced``) or before it in the same sentence (``He said: "…"``), else "according to X". The
   speaker is the verb's subject: a named entity becomes its canonical name; a pronoun or a
   definite nominal ("the official", "the company") is resolved to the most recent person (or
   organisation) mentioned *outside* quotes, preferring grammatical subjects and, for "he"/"she",
   persons whose first name or honorific ("Mr.", "Ms.") fits; other noun phrases ("a spokesman",
   "China's ambassador to Britain") are kept verbatim. A plural "they" inside a clause whose
   enclosing clause has a plural subject is that subject ("Officials went to the Paris office,
   where they said …"). A quote with no cue right after an attributed one inherits its speaker
   (in ``attribution``).
3. **Kinds** (``attribution``). ``direct`` when the quote is a clause or a whole sentence (or a
   block-quoted paragraph after an introduction ending with a colon), ``partial`` for a fragment
   inside reported speech, ``scare`` for a short fragment with no cue (no speaker) or a title cited
   with its source (``"Headline" — Outlet, date``), and
   ``indirect`` for statements reported without marks (``reported``: ``X said that …``, ``X urged
   Y to …``, ``a poll shows …``, ``his pledge to …``, ``according to X, …``), whose start/end cover
   the reported content (never beyond the cue's paragraph) and whose ``report`` names the family.

The words involved (speech verbs as word forms, since the pipeline runs without the lemmatizer;
first names; role nouns) form a ``QuoteLexicon`` (``lexicon``); ``attribute_quotes`` takes one, and
uses ``default_lexicon()`` otherwise. ``DocContext`` (``context``) holds the per-document lookups.
The function is pure and never raises on odd input (no parse, no sentences, stray marks); it only
uses what survives a ``DocBin`` round trip.
"""

from pipeline.quotes.attribution import attribute_quotes
from pipeline.quotes.lexicon import QuoteLexicon, default_lexicon
from pipeline.quotes.marks import find_quote_marks

__all__ = ["QuoteLexicon", "attribute_quotes", "default_lexicon", "find_quote_marks"]
