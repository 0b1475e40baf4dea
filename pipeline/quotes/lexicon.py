"""The word lists quote attribution relies on, gathered in one frozen, replaceable ``QuoteLexicon``.

``default_lexicon()`` builds the packaged lexicon once: the speech verbs from
``data/quotes/speech_verbs.txt`` (every word form: the pipeline runs without the lemmatizer), the
first-name genders from ``data/entities/first_names.tsv``, and the role, scare-cue and message nouns
listed in this module. A caller (a test, say) passes its own lexicon to ``attribute_quotes``, e.g.
``dataclasses.replace(default_lexicon(), speech_verbs=...)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, cast, get_args

from schemas.articles import ReportKind

__all__ = [
    "QuoteLexicon",
    "SpeechVerbs",
    "default_lexicon",
    "french_lexicon",
    "parse_first_names",
    "parse_speech_verbs",
]

_PERSON_ROLES: Final = frozenset(
    {
        "official", "president", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary",
        "senator", "governor", "lawmaker", "leader", "chief", "mayor", "chairman", "chairwoman", "ceo",
        "director", "ambassador", "diplomat", "congressman", "congresswoman", "premier", "chancellor",
        "candidate", "prosecutor", "judge", "lawyer", "attorney", "commander", "general", "officer",
        "executive", "founder", "head", "manager", "analyst", "expert", "actor", "actress", "singer",
        "author", "player", "coach", "star", "politician", "representative", "king", "queen", "pope",
        "man", "woman", "mother", "father", "economist", "researcher", "scientist", "professor",
        "speaker", "nominee", "democrat", "republican", "envoy", "negotiator", "adviser", "advisor",
        "treasurer", "superintendent", "sheriff", "detective", "captain", "president-elect", "aide",
        "boss", "chair", "mp", "mep", "commissioner", "chairperson", "ombudsman", "coroner", "comptroller",
    }
)  # fmt: skip
_TITLED_ONLY_ROLES: Final = frozenset(
    {"skipper", "forward", "striker", "midfielder", "defender", "goalkeeper", "goalie", "quarterback",
     "pitcher", "winger", "rookie", "veteran", "teammate", "pastor", "priest", "bishop", "doctor",
     "physician", "surgeon", "nurse", "teacher", "principal", "epidemiologist", "chef", "owner",
     "barrister", "solicitor", "magistrate", "councillor", "councilor", "inspector", "sergeant",
     "constable", "source", "moderator", "host", "presenter", "anchor", "interviewer", "columnist",
     "correspondent", "reporter", "editor", "commentator", "pollster", "strategist", "activist", "campaigner"}
)  # fmt: skip
"""Everyday person roles: "the nurse said" means a person the article titles so, else an unnamed nurse
(never the likeliest person: a mayor touring a hospital is not "the nurse")."""
_ORG_ROLES: Final = frozenset(
    {
        "company", "ministry", "agency", "department", "government", "group", "firm", "party",
        "administration", "campaign", "office", "organization", "organisation", "bank", "court",
        "committee", "council", "military", "army", "police", "commission", "union", "newspaper",
        "network", "team", "club", "board", "kremlin", "embassy", "regime", "university", "watchdog",
        "authority", "authorities", "regulator", "coalition", "alliance", "parliament", "senate",
        "automaker", "carmaker", "manufacturer", "maker", "airline", "carrier", "retailer", "brokerage",
        "insurer", "lender", "publisher", "broadcaster", "studio", "startup", "conglomerate", "giant",
        "charity", "nonprofit", "foundation", "league", "federation", "association", "hospital", "utility",
        "panel", "jury", "tribunal", "steelmaker", "chipmaker", "drugmaker", "refiner", "supermarket",
        "shipbuilder", "operator",
    }
)  # fmt: skip
_BUSINESS_ROLES: Final = frozenset(
    {"company", "firm", "automaker", "carmaker", "manufacturer", "maker", "airline", "retailer", "brokerage",
     "insurer", "lender", "publisher", "broadcaster", "studio", "startup", "conglomerate", "bank", "steelmaker",
     "chipmaker", "drugmaker", "refiner", "supermarket", "shipbuilder", "operator"}
)  # fmt: skip
_PUBLIC_BODIES: Final = frozenset(
    {"department", "ministry", "agency", "administration", "commission", "court", "police", "government",
     "council", "committee", "embassy", "parliament", "senate", "congress", "authority", "regulator",
     "military", "bureau", "tribunal"}
)  # fmt: skip
_DISOWNING_VERBS: Final = frozenset(
    "deny denies denied denying dismiss dismisses dismissed dismissing reject rejects rejected rejecting "
    "dispute disputes disputed disputing refute refutes refuted refuting rebut rebuts rebutted rebutting "
    "question questions questioned questioning challenge challenges challenged challenging "
    "downplay downplays downplayed downplaying discount discounts discounted discounting "
    "contest contests contested contesting debunk debunks debunked debunking".split()
)
_CIRCUMSTANCE_PREPS: Final = frozenset(
    {"amid", "amidst", "despite", "after", "following", "before", "since", "among", "given", "without"}
)  # fmt: skip
_TITLE_ABBREVIATIONS: Final = MappingProxyType({
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "maj": "major", "capt": "captain", "cmdr": "commander", "adm": "admiral",
    "sgt": "sergeant", "det": "detective", "insp": "inspector", "supt": "superintendent", "atty": "attorney",
    "prof": "professor", "pres": "president", "sec": "secretary", "amb": "ambassador", "rev": "reverend",
    "dr": "doctor", "assemblyman": "assemblyman", "councilman": "councilman",
})  # fmt: skip
_ROLE_EQUIVALENTS: Final = MappingProxyType({
    "congressman": frozenset({"representative"}),
    "congresswoman": frozenset({"representative"}),
    "lawmaker": frozenset({"senator", "representative", "congressman", "congresswoman", "legislator", "mp"}),
    "legislator": frozenset({"senator", "representative", "congressman", "congresswoman", "lawmaker", "mp"}),
    # "the British leader", "the Russian leader": a country's head of government or state.
    "leader": frozenset({"president", "premier", "chancellor", "prime", "king", "queen"}),
    "democrat": frozenset({"democratic"}),
    "republican": frozenset({"gop"}),
})  # fmt: skip
_STATE_ROLES: Final = frozenset(
    {"government", "administration", "regime", "authorities", "authority", "military", "army", "police",
     "ministry", "kremlin", "embassy"}
)  # fmt: skip
_ROLE_GENDERS: Final = MappingProxyType({
    "spokesman": "m", "chairman": "m", "congressman": "m", "king": "m", "man": "m", "father": "m",
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "queen": "f", "woman": "f",
    "mother": "f", "actress": "f",
})  # fmt: skip
_SCARE_CUES: Final = frozenset(
    {"slogan", "tagline", "motto", "term", "terms", "phrase", "word", "words", "so-called", "hashtag",
     "headline", "title", "titled", "entitled", "name", "named", "nicknamed", "label"}
)  # fmt: skip
_MESSAGE_NOUNS: Final = frozenset(
    {"statement", "release", "letter", "post", "tweet", "report", "note", "message", "email", "interview", "video"}
)
_ISSUING_VERBS: Final = frozenset(
    "issue issues issued issuing release releases released releasing publish publishes published publishing "
    "post posts posted posting send sends sent sending sign signs signed signing file files filed filing "
    "circulate circulates circulated circulating".split()
)
_DOCUMENT_NOUNS: Final = frozenset(
    {
        "poll", "polls", "polling", "survey", "surveys", "study", "studies", "report", "reports", "research",
        "numbers", "returns", "tally", "tallies", "count", "counts", "texts",
        "data", "analysis", "analyses", "review", "investigation", "inquiry", "audit", "figures",
        "statistics", "statistic", "posts", "records", "documents", "document", "evidence", "filing", "filings", "lawsuit",
        "complaint", "memo", "memos", "letter", "ruling", "indictment", "assessment", "projections",
        "estimates", "calculations", "census", "paper", "article", "statement", "bylaws", "rules", "law", "bill",
        "order", "decision", "opinion", "verdict", "agreement", "post", "tweet", "email", "petition", "motion",
        "manifesto", "website", "blog",
        "emails", "message", "sign", "headline", "release", "transcript", "testimony", "footage",
        "video", "photos", "images", "tests", "results", "findings", "models", "model", "forecast",
    }
)  # fmt: skip


_REASON_VERBS: Final = frozenset(
    "praise praises praised praising criticize criticizes criticized criticizing criticise criticises "
    "criticised criticising blame blames blamed blaming thank thanks thanked thanking commend commends "
    "commended commending fault faults faulted faulting condemn condemns condemned condemning slam slams "
    "slammed slamming blast blasts blasted blasting attack attacks attacked attacking hail hails hailed "
    "hailing applaud applauds applauded applauding lambast lambasts lambasted lambasting rebuke rebukes "
    "rebuked rebuking".split()
)
_ADDRESSEE_VERBS: Final = frozenset(
    "tell tells told telling assure assures assured assuring warn warns warned warning inform informs "
    "informed informing remind reminds reminded reminding notify notifies notified notifying advise "
    "advises advised advising promise promises promised promising".split()
)
_VOICING_VERBS: Final = frozenset(
    "make makes made making renew renews renewed renewing raise raises raised raising voice voices voiced "
    "voicing echo echoes echoed echoing repeat repeats repeated repeating reiterate reiterates reiterated "
    "reiterating express expresses expressed expressing issue issues issued issuing lodge lodges lodged "
    "lodging file files filed filing submit submits submitted submitting".split()
)
_TOPIC_DOCUMENTS: Final = frozenset(
    "investigation investigations inquiry inquiries probe probes lawsuit lawsuits indictment indictments "
    "trial trials case cases complaint complaints audit audits hearing hearings".split()
)
_NOUN_CUE_PREPS: Final = MappingProxyType(
    {
        **dict.fromkeys("call calls demands plea pleas request requests appeal appeals proposal proposals".split(),
                        frozenset({"for"})),
        **dict.fromkeys("promise promises pledge pledges vow vows accusation accusations allegation allegations".split(),
                        frozenset({"of"})),
        **dict.fromkeys("claims reports rumors rumours".split(), frozenset({"of"})),
        **dict.fromkeys("warning warnings fear fears".split(), frozenset({"of", "about", "over", "against"})),
        **dict.fromkeys("concern concerns complaint complaints".split(), frozenset({"about", "over"})),
        **dict.fromkeys("hope hopes".split(), frozenset({"of", "for"})),
    }
)  # fmt: skip
_NOUN_CUES: Final = frozenset(
    {
        "pledge", "pledges", "promise", "promises", "vow", "vows", "claim", "claims", "conclusion",
        "conclusions", "assertion", "assertions", "allegation", "allegations", "warning", "warnings",
        "admission", "argument", "arguments", "suggestion", "suggestions", "insistence", "accusation",
        "accusations", "demand", "demands", "belief", "beliefs", "view", "views", "hope", "hopes",
        "fear", "fears", "proposal", "proposals", "threat", "threats", "announcement", "announcements",
        "assurance", "assurances", "prediction", "predictions", "contention", "charge", "charges",
        "finding", "findings", "complaint", "complaints", "statement", "statements", "reports",
        "rumors", "rumours", "recommendation", "recommendations", "denial", "denials", "concern",
        "concerns", "call", "calls", "plea", "pleas", "request", "requests", "order", "goal", "plan",
        "plans", "intention", "intentions", "appeal", "appeals", "rumor", "rumour", "speculation", "understanding",
        "offer", "offers", "expectation", "expectations", "opinion",
    }
)  # fmt: skip
_PERSON_GROUPS: Final = frozenset(
    {
        "people", "others", "officials", "experts", "critics", "residents", "users", "analysts",
        "observers", "activists", "protesters", "supporters", "opponents", "voters", "lawmakers",
        "leaders", "scientists", "researchers", "doctors", "parents", "students", "workers", "members",
        "citizens", "witnesses", "sources", "campaigners", "economists", "investors", "prosecutors",
        "lawyers", "netizens", "bloggers", "commentators", "diplomats", "politicians", "democrats",
        "republicans", "conservatives", "liberals", "environmentalists", "advocates", "organizers", "insiders",
        "teachers", "nurses", "patients", "fans", "teenagers", "drivers", "volunteers", "employees", "staff",
        "guests", "families", "victims", "survivors", "farmers", "pupils", "firefighters", "tenants", "owners",
        "shoppers", "passengers", "consumers", "customers", "villagers", "locals", "neighbours", "neighbors",
        "cyclists", "pilots", "refugees", "migrants", "suspects", "pedestrians", "motorists", "landlords",
        "shareholders", "rebels", "hardliners", "journalists", "reporters", "rivals", "clients", "defendants",
        "jurors", "judges", "scholars", "historians", "academics", "entrepreneurs", "executives", "managers",
    }
)  # fmt: skip
_FUNCTION_WORDS: Final = frozenset(
    "the of and to a in is that for on with as was by at it from he she they we be are were has have had not but "
    "or an this which said will would his her their its who been more than after you i my our can".split()
)
_FR_FUNCTION_WORDS: Final = frozenset(
    "le la les de des du et à en un une est que qui pour dans sur pas par au aux il elle ils nous vous ce cette "
    "se sont a été avec plus ne mais ou son sa ses leur".split()
)
_SOURCING_ADVERBS: Final = frozenset(
    {"reportedly", "allegedly", "purportedly", "supposedly", "reputedly", "ostensibly"}
)
_RAISING_VERBS: Final = frozenset(
    "said understood believed thought reported alleged rumoured rumored reputed claimed".split()
)
_BELIEF_ADJECTIVES: Final = frozenset(
    "convinced unconvinced confident sure certain adamant hopeful optimistic pessimistic fearful afraid worried "
    "concerned doubtful skeptical sceptical".split()
)
_INTENTION_ADJECTIVES: Final = frozenset(
    "determined eager keen anxious reluctant loath loth willing unwilling prepared".split()
)
_HONORIFIC_RE: Final = re.compile(r"\b(Mr|Mister|Sir|Lord|Mrs|Ms|Miss|Dame|Lady|Madam)\.?\s+$")
_HONORIFIC_GENDERS: Final = MappingProxyType({"mr": "m", "mister": "m", "sir": "m", "lord": "m"})
_PERSON_PRONOUNS: Final = MappingProxyType({"he": "m", "she": "f"})
_BOUND_PRONOUNS: Final = MappingProxyType({
    "he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f",
})  # fmt: skip
_GROUP_PRONOUNS: Final = frozenset({"they", "it"})
_CLOSE_PEOPLE: Final = frozenset(
    "family families friend friends relative relatives colleague colleagues neighbor neighbors neighbour neighbours son sons "
    "daughter daughters brother brothers sister sisters child children parent parents aide aides ally allies "
    "associate associates wife wives husband husbands widow widows widower widowers mother mothers father "
    "fathers cousin cousins nephew nephews niece nieces uncle uncles aunt aunts grandson grandsons "
    "granddaughter granddaughters grandmother grandfather girlfriend boyfriend fiancé fiancée fiance fiancee "
    "stepson stepdaughter stepfather stepmother".split()
)
_OTHER_ONES: Final = frozenset(
    {"other", "another", "rival", "competing", "new", "parent", "sister", "second", "third", "smaller", "larger",
     "bigger", "former", "combined", "merged", "acquiring", "acquired"}
)  # fmt: skip
_NON_SPEAKERS: Final = frozenset({"i", "we", "you", "this", "that", "which", "who", "what", "there"})
_DEFINITE: Final = frozenset({"the", "this", "that"})
_LEADING_ARTICLE_RE: Final = re.compile(r"^(?:the|The|THE)\s+")

# French: role nouns (lower case, as the tokenizer gives them) and the words of its conventions.
_FR_PERSON_ROLES: Final = frozenset(
    {
        "ministre", "président", "présidente", "porte-parole", "secrétaire", "sénateur", "sénatrice", "député",
        "députée", "maire", "dirigeant", "dirigeante", "chef", "directeur", "directrice", "ambassadeur",
        "ambassadrice", "diplomate", "premier", "chancelier", "chancelière", "candidat", "candidate", "procureur",
        "procureure", "juge", "avocat", "avocate", "commandant", "général", "officier", "patron", "patronne",
        "fondateur", "fondatrice", "responsable", "analyste", "expert", "experte", "économiste", "chercheur",
        "chercheuse", "scientifique", "professeur", "professeure", "acteur", "actrice", "chanteur", "chanteuse",
        "auteur", "autrice", "joueur", "joueuse", "entraîneur", "entraîneuse", "homme", "femme", "roi", "reine",
        "pape", "élu", "élue", "syndicaliste", "gouverneur", "négociateur", "négociatrice", "conseiller",
        "conseillère", "préfet", "préfète", "commissaire", "rapporteur", "rapporteure", "enquêteur", "enquêtrice",
        "observateur", "observatrice", "spécialiste", "opposant", "opposante", "victime", "militaire",
        "fonctionnaire", "historien", "historienne", "sociologue", "politologue", "juriste", "colonel", "capitaine",
        "lieutenant", "sergent", "adjudant", "amiral", "metteur", "metteuse", "réalisateur", "réalisatrice",
        "écrivain", "écrivaine", "comédien", "comédienne", "artiste", "musicien", "musicienne", "athlète", "agent",
        "agente", "leader", "représentant", "représentante", "délégué", "déléguée", "président-directeur",
        "vice-président", "vice-présidente", "coordinateur", "coordinatrice", "administrateur", "administratrice",
        "prévenu", "prévenue", "accusé", "accusée", "plaignant", "plaignante", "requérant", "requérante", "détenu",
        "détenue", "lauréat", "lauréate", "vainqueur", "gagnant", "gagnante", "pdg", "manager", "coach",
        "sélectionneur", "sélectionneuse", "pilote", "cycliste", "nageur", "nageuse", "coureur", "coureuse", "skieur",
        "skieuse", "organisateur", "organisatrice", "adolescent", "adolescente",
    }
)  # fmt: skip
_FR_TITLED_ONLY_ROLES: Final = frozenset(
    {
        "médecin", "infirmier", "infirmière", "chirurgien", "chirurgienne", "témoin", "policier", "policière",
        "gendarme", "militant", "militante", "manifestant", "manifestante", "survivant", "survivante", "étudiant",
        "étudiante", "élève", "salarié", "salariée", "ouvrier", "ouvrière", "agriculteur", "agricultrice", "électeur",
        "électrice", "citoyen", "citoyenne", "pompier", "soldat", "réfugié", "réfugiée", "migrant", "migrante",
        "journaliste", "correspondant", "correspondante", "employé", "employée", "habitant", "habitante", "patient",
        "patiente", "supporter", "supporteur", "chauffeur", "passager", "passagère", "commerçant", "commerçante",
        "buteur", "buteuse", "gardien", "gardienne", "attaquant", "attaquante",
        "défenseur", "ailier", "consultant", "consultante", "source", "secouriste", "sauveteur", "arbitre",
        "technicien", "technicienne", "coéquipier", "coéquipière", "prêtre", "curé", "pasteur", "imam", "rabbin",
        "évêque", "enseignant", "enseignante", "instituteur", "institutrice",
    }
)  # fmt: skip
"""Everyday person roles, as ``_TITLED_ONLY_ROLES``: "l'infirmière a confié" means a person the article titles so,
or one it gives no title (``QuoteLexicon.untitled_role_holders``), else an unnamed nurse; never the mayor who
toured the hospital."""
_FR_ROLE_EQUIVALENTS: Final = MappingProxyType({
    # The sports press calls a coach "le technicien" after naming him by his post.
    "technicien": frozenset({"sélectionneur", "entraîneur", "coach", "manager"}),
    "technicienne": frozenset({"sélectionneuse", "entraîneuse", "coach", "manager"}),
})  # fmt: skip
# Plural nouns of people who can hold a view ("des témoins", "les experts"), as ``_PERSON_GROUPS``.
_FR_PERSON_GROUPS: Final = frozenset(
    {
        "gens", "autres", "responsables", "experts", "critiques", "détracteurs", "habitants", "riverains",
        "analystes", "observateurs", "militants", "manifestants", "partisans", "soutiens", "opposants",
        "électeurs", "élus", "dirigeants", "scientifiques", "chercheurs", "médecins", "parents", "étudiants",
        "travailleurs", "salariés", "membres", "citoyens", "témoins", "sources", "économistes",
        "investisseurs", "procureurs", "avocats", "diplomates", "politiques", "enseignants", "infirmiers",
        "infirmières", "patients", "supporters", "bénévoles", "employés", "familles", "victimes",
        "survivants", "agriculteurs", "élèves", "pompiers", "locataires", "propriétaires", "passagers",
        "consommateurs", "clients", "villageois", "voisins", "réfugiés", "migrants", "suspects",
        "actionnaires", "rebelles", "journalistes", "rivaux", "juges", "historiens", "universitaires",
        "entrepreneurs", "dirigeantes", "cadres", "enquêteurs", "policiers", "gendarmes", "syndicalistes",
        "ministres", "députés", "sénateurs", "maires", "fonctionnaires", "commerçants", "spécialistes",
        "organisateurs", "organisatrices", "secouristes", "sauveteurs",
    }
)  # fmt: skip
_FR_ORG_ROLES: Final = frozenset(
    {
        "entreprise", "société", "groupe", "ministère", "agence", "gouvernement", "parti", "administration",
        "organisation", "banque", "tribunal", "cour", "comité", "conseil", "armée", "police", "gendarmerie",
        "commission", "syndicat", "journal", "équipe", "club", "élysée", "ambassade", "régime",
        "université", "autorité", "autorités", "régulateur", "coalition", "alliance", "parlement", "sénat",
        "assemblée", "mairie", "préfecture", "fédération", "association", "institut",
        "constructeur", "fabricant", "compagnie", "éditeur", "géant",
        "assureur", "distributeur", "fondation", "ligue", "hôpital", "chu", "start-up", "direction",
    }
)  # fmt: skip
_FR_STATE_ROLES: Final = frozenset(
    {"gouvernement", "administration", "régime", "autorités", "autorité", "armée", "police", "gendarmerie",
     "ministère", "élysée", "ambassade", "préfecture", "mairie"}
)  # fmt: skip
_FR_ROLE_GENDERS: Final = MappingProxyType({
    "présidente": "f", "sénatrice": "f", "députée": "f", "dirigeante": "f", "directrice": "f",
    "ambassadrice": "f", "chancelière": "f", "candidate": "f", "procureure": "f", "avocate": "f",
    "patronne": "f", "fondatrice": "f", "experte": "f", "chercheuse": "f", "professeure": "f",
    "actrice": "f", "chanteuse": "f", "autrice": "f", "joueuse": "f", "entraîneuse": "f", "femme": "f",
    "reine": "f", "élue": "f", "négociatrice": "f", "conseillère": "f", "préfète": "f", "rapporteure": "f",
    "président": "m", "sénateur": "m", "député": "m", "dirigeant": "m", "directeur": "m",
    "ambassadeur": "m", "chancelier": "m", "candidat": "m", "avocat": "m", "patron": "m",
    "fondateur": "m", "chercheur": "m", "acteur": "m", "chanteur": "m", "joueur": "m", "entraîneur": "m",
    "homme": "m", "roi": "m", "élu": "m", "négociateur": "m", "conseiller": "m", "préfet": "m",
    "prévenu": "m", "prévenue": "f", "accusé": "m", "accusée": "f", "plaignant": "m", "plaignante": "f",
    "requérant": "m", "requérante": "f", "détenu": "m", "détenue": "f", "lauréat": "m", "lauréate": "f",
    "gagnant": "m", "gagnante": "f",
})  # fmt: skip
_FR_SCARE_CUES: Final = frozenset(
    {"slogan", "devise", "terme", "termes", "expression", "mot", "mots", "soi-disant", "prétendu",
     "prétendue", "hashtag", "titre", "intitulé", "intitulée", "nom", "nommé", "nommée", "surnommé",
     "surnommée", "baptisé", "baptisée", "qualifié", "qualifiée"}
)  # fmt: skip
_FR_MESSAGE_NOUNS: Final = frozenset(
    {"communiqué", "déclaration", "lettre", "message", "tweet", "rapport", "note", "courriel", "entretien",
     "interview", "vidéo", "publication"}
)  # fmt: skip
_FR_ISSUING_VERBS: Final = frozenset(
    "publie publient publié publiée publiés publiées publiait publiera diffuse diffusent diffusé diffusée "
    "diffusés diffusées diffusait envoie envoient envoyé envoyée envoyés envoyées signe signent signé signée "
    "signés signées adresse adressent adressé adressée adressés adressées transmis transmise "
    "rendu rendue rendus rendues".split()
)
# Documents and figures that say things ("selon l'estimation publiée par l'Insee", "l'étude montre que").
_FR_DOCUMENT_NOUNS: Final = frozenset(
    {"étude", "études", "sondage", "sondages", "chiffres", "données", "statistiques", "bilan", "bilans",
     "estimation", "estimations", "prévisions", "projections", "analyse", "analyses", "recensement",
     "baromètre", "relevés", "décompte", "document", "documents", "décision", "jugement", "arrêt", "avis",
     "résultats", "rapports", "notes"}
)  # fmt: skip
# "Me" (maître) is a lawyer's.
_FR_HONORIFIC_RE: Final = re.compile(r"(?<!\w)(M|MM|Mme|Mmes|Mlle|Me|Monsieur|Madame|Mademoiselle)\.?\s+$")
_FR_HONORIFIC_GENDERS: Final = MappingProxyType({"m": "m", "mm": "m", "monsieur": "m"})
# The tokenizer splits "a-t-elle" into "a", "-t", "-elle": the inverted pronoun keeps its hyphen.
_FR_PERSON_PRONOUNS: Final = MappingProxyType({"il": "m", "elle": "f", "-il": "m", "-elle": "f"})
_FR_GROUP_PRONOUNS: Final = frozenset({"ils", "elles", "-ils", "-elles"})
_FR_NON_SPEAKERS: Final = frozenset(
    {"je", "j'", "nous", "vous", "tu", "on", "-on", "-nous", "-vous", "ce", "c'", "cela", "ça", "qui", "que",
     "qu'", "quoi", "lequel", "laquelle"}
)  # fmt: skip
_FR_TIME_NOUNS: Final = frozenset(
    "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août "
    "septembre octobre novembre décembre hier aujourd'hui aujourd’hui demain matin matinée midi après-midi "
    "soir soirée nuit veille lendemain week-end semaine mois année jour".split()
)
_FR_DEFINITE: Final = frozenset({"le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces"})
_FR_LEADING_ARTICLE_RE: Final = re.compile(r"^(?:(?:le|Le|LE|la|La|LA|les|Les|LES)\s+|(?:l|L)['’])")


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """A parsed speech-verb list: the verb fields a ``QuoteLexicon`` starts with (see there)."""

    speech_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    object_verbs: frozenset[str]
    thing_object_verbs: frozenset[str]
    call_verbs: frozenset[str]
    document_verbs: frozenset[str]
    report_families: Mapping[str, ReportKind]


@dataclass(frozen=True, slots=True)
class QuoteLexicon(SpeechVerbs):
    """The vocabulary of quote attribution: which words are speech verbs, genders, roles and cues.

    All words are lower case. Use ``default_lexicon()`` for the packaged lists and
    ``dataclasses.replace`` to change some of them.

    Attributes:
        speech_verbs: Every word form that can cue a quote ("said", "warned", "believes").
        reporting_verbs: The forms that may also introduce reported speech without marks (not
            "believes", "blasted").
        object_verbs: Reporting forms whose object, not a clause, carries the reported content
            ("rejected the possibility of ...").
        thing_object_verbs: Those of ``object_verbs`` that judge, want or call for their object, so a
            bare noun-phrase object that is a thing, not a person, is the content ("condemned the
            decision", "supports the ban", "demanded an apology"; not "questioned the student").
        call_verbs: The forms of "call" among ``object_verbs``: they report only with "for"/"on" or
            a predicate ("called for ...", "called it a disgrace", not "called Lavrov").
        document_verbs: Forms that cue a quote only when their subject is a message or document
            ("the letter read").
        report_families: Reporting form -> the ``ReportKind`` of the statements it reports.
        first_names: First name -> "m" or "f", evidence for resolving "he"/"she": the curated list
            over the names US birth records settle (``data/quotes/first_names_us.tsv``).
        person_roles: Role nouns standing for a person ("the official", "the spokesman").
        org_roles: Role nouns standing for an organisation ("the company", "the ministry").
        state_roles: The organisation roles that may stand for a country or city too ("the
            government", "the authorities"); the others ("the company", "the group") stand only for
            an organisation.
        role_genders: Person roles -> "m" or "f" where the noun tells ("spokeswoman").
        business_roles: Organisation roles that mean a business ("the company", "the airline").
        object_roles: Organisation roles that are agents of a verb taking an object ("maker",
            "operator"): a name compounded with one is that object ("the iPhone maker", "the Heathrow
            operator"), not the organisation.
        public_bodies: Nouns heading the names of public bodies ("Justice Department", "Federal Trade
            Commission"): a business role never means one.
        titled_only_roles: Everyday person roles ("the nurse", "the goalkeeper") that mean only a person
            the article titles so, never the likeliest person around.
        hearing_verbs: Forms of a verb by which a body that sits hears evidence ("The court heard that
            …"): what it heard was told to it by somebody unnamed (``sourcing``).
        hearing_bodies: The bodies that sit and hear evidence ("court", "jury", "inquest").
        learning_verbs: Forms of a verb by which the writer's newsroom, as an impersonal subject, learned
            the statement before it (French wire copy: "…, a-t-on appris auprès de la préfecture", "…,
            a-t-on appris de source policière"); English wire copy has no such incise.
        consulted_preps: The words that introduce whom a ``learning_verbs`` incise learned it from
            ("auprès de"); without one the source is unnamed ("de sources concordantes").
        impersonal_pronouns: The impersonal subject pronoun of such an incise ("on", "-on").
        unnamed_sources: Nouns that name nobody as such an incise's source ("de source policière").
        agent_plurals: Endings of plural nouns of people by what they do ("hawkers", "forecasters",
            "economists", "physicians"): such a group can hold an attitude.
        purpose_verbs: Attitude verbs of aim that things do too ("The measures aim to …", "the rules
            seek to …"): their plural subject needs to be people.
        headline_verbs: Speech verbs a title-case headline reports with ("Officials Say 12 Killed in
            Strike"), in lower case; "call"/"calls" before "on"/"for" report too where they are listed.
        prospect_verbs: Speech verbs that say what a thing makes likely when a thing is their subject
            ("The dispute threatens to derail the talks", "The drug promises to cut deaths"): a report
            only from somebody who can speak.
        other_person_words: Adjectives that make a role mean somebody else than its holder named
            before: "the new minister", "the other lawyer", or a side of a contest ("the visiting
            coach", "the losing candidate").
        past_office_words: Words before a role held no longer ("a former official"): its holder no
            longer speaks for the body.
        voice_roles: Person roles that speak for the organisation named with them ("a Labour
            spokeswoman", "a Kremlin source"); any other role is its holder ("the Labour leader").
        fronted_verbs: Speech-verb forms that may open a sentence before their subject ("Said Bernie
            Sanders:", "Ajoute le ministre :"): finite forms only ("State Rep." is no verb).
        manner_adjectives: Adjectives of a speaker's manner or mood ("Okafor was furious."): such a
            sentence sets up the quote after it.
        manner_verbs: Verb forms of a gesture or pause before speaking ("Navarro paused.", "She
            laughed."): without an object such a sentence sets up the quote after it too.
        utterance_nouns: Nouns of what somebody says, besides message nouns and noun cues ("Her answer:",
            "Munro's advice to residents:"): a phrase of one introduces a quote with a colon.
        gerund_preps: Prepositions whose gerund is an act of the clause's subject or object ("after
            saying", "by arguing", "criticized X for saying").
        object_control_preps: Those of ``gerund_preps`` whose gerund's unsaid subject is the governing
            verb's object when it has one ("blamed her for saying", "barred him from saying").
        section_labels: Words that label a section or a kind of piece before a colon ("Analysis:",
            "Opinion:", "Video:"): not a source, though some are document nouns.
        causative_cues: Speech verbs that cue only after a causative verb, with that verb's forms ("a fait
            savoir que …": "savoir" alone is to know).
        refusal_verbs: Forms of "decline", "refuse": they report only a refusal to say something
            ("declined to say whether …"), not one to act ("declined to release the name") or to speak
            at all ("declined to comment").
        clause_verbs: Forms of a speech verb whose content is only ever a clause, never a noun phrase
            ("say": "said many of his members distrust him"): an object the parse gives one, with a
            verb of its own, is the subject of a content clause misread ("said [the campaign aimed to
            engage voters]"). Words of saying themselves are objects all the same ("said something").
        conditional_marks: Words that make a clause a condition or an open question ("if", "unless",
            "whether"): a reporting verb in it reports nothing ("If Ortega claims the city is broke, …",
            "to determine whether citizens would prefer a new flag").
        disowning_verbs: Forms of verbs that take up somebody else's statement to reject it ("denied
            reports that …"): their subject does not hold the statement.
        circumstance_preps: Prepositions of circumstance ("amid fears that …", "despite warnings that
            …"): a statement noun after them is not held by the clause's subject.
        title_abbreviations: Abbreviated titles before a name -> the role noun ("Gov." -> "governor"),
            so "the governor" finds "Gov. Patricia Wendell".
        role_equivalents: Role nouns -> other titles that mean the same person ("the congressman"
            is "Rep. Alan Marsh"; "the Democrat" is "Democratic Sen. Maria Lopez").
        scare_cues: Words before a quote that introduce a term, not speech ("the slogan", "so-called").
        message_nouns: Nouns of issued messages whose issuer speaks ("issued a statement warning ...").
        issuing_verbs: Forms of verbs whose subject issues the message or document they take as object
            ("issued a statement. The statement said …": the issuer speaks).
        document_nouns: Documents and evidence that can be the source of a statement ("the letter
            read", "a poll shows"); also the subjects an evidence verb needs to report with an object.
        noun_cues: Nouns whose "that"- or "to"-clause is reported content ("his pledge to …").
        noun_cue_preps: Noun cues -> the prepositions whose phrase is their content too ("their call
            for a wall", "his promise of a referendum", "concerns about safety"); a noun not listed
            takes none ("the announcement of the results" names an event).
        hearsay_nouns: Noun cues whose phrase is reported content even when nobody the text names holds
            them ("amid claims of vote rigging", "media reports of a deal"): what is claimed, reported
            or alleged by somebody unnamed. Other noun cues report a phrase only for a holder ("their
            call for a wall"): "calls for a wall" alone says nothing of who calls.
        making_verbs: Forms of "make" that, with one of ``clarity_words``, state something: "made clear
            that …", "made it clear that …", "made clear his displeasure", "made its demands known".
        clarity_words: The adjectives that make "make" a statement: "clear", "known", "plain".
        question_verbs: Participles of asking: "Asked whether he would run, Reyes smiled" reports the
            question (somebody unnamed asked it, or the agent after "by"), not anything of Reyes.
        reason_verbs: Forms of verbs of praise and blame, whose "for" phrase gives the reason
            ("blamed Labour for the rise"; not "invited reporters for a briefing").
        addressee_verbs: Forms of speech verbs whose object is the person told ("told officers he had
            been drinking": the clause after the addressee is what was said).
        thing_pronouns: Pronouns that also stand for a body or a document, with the grammatical gender
            the noun needs ("it": any; French "elle" continues "la Direction", "il" "le syndicat").
        directive_marks: Words that put what a verb of asking or telling asks its object to do before
            an infinitive ("invite la population à rester chez elle"); English has none of its own
            (its "to"-infinitives are read from the parse: "urged residents to stay").
        infinitive_speech_verbs: Forms of declarative verbs whose infinitive states what their own subject
            says of itself (French "Le PGHM dit avoir réalisé 40 interventions", "affirme vouloir …",
            "raconte avoir marché six jours"); English "say" takes no such infinitive ("continued to
            decline", "aims to build" are no statements), so it has none.
        directive_verbs: Forms of the verbs that ask their object to do what follows a directive mark
            ("exhorter", "appeler", "inviter"; not "condamner X à verser …", a sentence).
        voicing_verbs: Forms of verbs by which the subject holds a noun cue it takes as object
            ("renewed their call for …", "voiced concerns about …"; not "faces calls for …").
        topic_documents: Documents named by what they are about ("the Boeing investigation", "the
            Trump indictment"); any other document or message speaks for the name before it ("a Pew
            poll", "an FBI memo", "ONS figures").
        sourcing_adverbs: Adverbs that mark a clause as reported by somebody unnamed ("reportedly").
        person_groups: Plural nouns of people who can hold a view ("critics", "officials").
        irregular_plurals: Plurals of the nouns that do not add "s" ("person" → "people"), for
            ``plural``: a singular of ``person_groups`` is a noun of a person ("a person familiar with …").
        function_words: Frequent words of the language: a passage with few of them is in another
            language (a quoted original before its translation).
        as_it_verbs: Verbs that cue a quote in "as X put it".
        passive_auxiliaries: Forms of the auxiliary that makes a participle passive where the parse
            may label it a tense auxiliary (French "être": "sont invités"; a reflexive verb's "s'est
            dit" stays active). English parses label "was told" passive themselves: none.
        relative_pronouns: Subjects of a relative clause, standing for the noun it modifies ("which").
        honorific_re: Matches an honorific ending right before a name ("Mr. "); group 1 is the word.
        honorific_genders: Lower-case honorific -> "m" or "f"; an honorific not listed means "f".
        person_pronouns: Pronouns standing for a person -> their gender ("he" -> "m").
        bound_pronouns: Personal and possessive pronouns that show the gender of the person they
            stand for ("his" -> "m"); French possessives agree with the thing owned, so only "il"/"elle".
        group_pronouns: Pronouns standing for an organisation or country ("they", "it").
        possessive_pronouns: Possessive pronouns -> the pronoun they resolve as ("its" -> "it").
        non_speakers: Pronouns and words that never name a speaker ("we", "this").
        neutral_honorifics: Honorifics ``honorific_re`` finds that tell no gender (French "Me", a
            lawyer's, man or woman).
        agent_markers: Words that mark the maker of a document in a phrase the parse may hang
            anywhere below it (French "par": "l'estimation publiée vendredi par l'Insee"); English
            reads "by" from its parse.
        time_nouns: Nouns that say when ("jeudi", "hier"): a parse that takes one, in lower case, for
            the subject of a speech verb ("a indiqué jeudi le Fonds") has the wrong word. English has
            none: its parse reads "said Monday" right, and "said May" may be Theresa May.
        definite: Determiners that make a role noun refer back ("the official").
        indefinite: Determiners that bring in someone new ("a man"): the definite role noun after
            them refers to that unnamed person.
        leading_article: Matches the article removed from the front of a verbatim speaker ("the ").
        according: Token sequences (lower case) that introduce a source ("according to", "per"); the
            first token is the cue. A one-word phrase counts only before a source (a name, a document
            or people): "per a report from Politico", not "$5 per person".
        fronted_according: One-word source phrases that name a source only at the head of their
            sentence, closed by a comma before any verb and followed by quoted words: French "Pour
            le ministre, c'est « une erreur »" is the minister's view; "pour les jeunes", "Pour
            financer le projet," and "Pour Kylian Mbappé, ce sera le dernier match" are not.
        complementizers: Words that open a reported clause, left out of its content ("that").
        repeated_complementizer: Whether coordinated reported clauses each take their own complementizer
            as the grammar requires (French "a répondu que A et qu'un service B"): each is then a
            statement of its own, reported apart; English "said that A and that B" is one report.
        verb_tags: Prefixes of the fine-grained tags of verbs ("VB" for the Penn tags).
        inverted_subjects: Whether a speech verb after a quote may take its subject after it
            ("», a déclaré le ministre"): the parse may call that subject an object.
        close_people: Nouns of people close to somebody, singular and plural ("friends of Mike Ford", "the
            widow of Frank Doyle" are not him).
        anyone_pronouns: Pronouns for people in general, whom a verb of asking may address ("appealed for
            anyone who saw the crash to come forward").
        resident_nouns: Nouns of people who live somewhere, singular and plural: what follows "of", "in" or
            "from" after them is a place, whatever the tagger calls it ("a resident of Katari").
        other_ones: Adjectives that make a described organisation another one than the last named
            ("the rival firm", "the combined company").
        reply_words: Words that open a reply ("No, we're not."): after a quote that addresses
            somebody, the turn has passed to them.
        addressee_pronouns: Pronouns of the person spoken to ("you", "your").
        frame_words: Words that open a clause framing the quote before it as somebody's utterance
            ("“…” was how Pryce put it", "That was the warning shouted by …", "came the reply from …").
        frame_nouns: Nouns of acts of speech that frame a quote before them as somebody's ("was the
            reply of …", "That was the warning issued by …").
        how_words: Words that make "was how X put it" (with ``as_it_verbs``).
        view_nouns: Nouns of a view that a possessor holds in an adverbial ("In his view, …", "in her
            opinion"), after one of ``view_preps``.
        view_preps: Prepositions of that adverbial ("in").
        ones: Words for one person of a group, named after a comma ("one of them, Priya Nair").
        latter_pronouns: Demonstratives meaning the last one named, lower case, as written ->
            the gender they show ("celui-ci" -> "m", "cette dernière" -> "f"); English says "the
            latter", read with "the former".
        quantity_words: Words of how many that name the speakers by their partitive phrase ("Hundreds
            of teachers chanted", "Several of the senators said"); numbers count too.
        partitive_preps: The prepositions of that phrase ("of").
        affiliation_preps: Prepositions after an unnamed speaker's noun that say whose or where they are,
            kept in the speaker's name ("a spokesman for the ministry", "leaders of the union", "analysts
            at the bank").
        postnominal_adjectives: Adjectives follow the noun they describe, and a plain one after an
            unnamed speaker's noun is kept in the speaker's name ("la police cantonale vaudoise").
        place_preps: Prepositions naming, after a person's name, the place whose office they hold
            ("Sen. Caroline Ashford of Nevada"): the place titles the person as "the Nevada senator".
        offices: Offices a person holds one of at a time: "the mayor" is nobody the article titles
            senator or governor (nor "Rep.", "Gov.", spelt out by ``title_abbreviations``).
        untitled_role_holders: Whether a ``titled_only_roles`` noun may also mean a named person the
            article gives no title at all: French news brings people in as "Infirmière libérale à
            Guéret, Céline Bard", "Marie Roux, infirmière à Lyon," or "qui est infirmière", which the
            parse leaves untitled, and the noun's grammatical gender narrows who is meant. A person
            titled otherwise ("le maire Jean Dupont") is never meant.
        epicene_roles: Person roles of one form for both sexes, whose article shows the person's gender
            ("la ministre", "le juge"); other nouns have a grammatical gender of their own ("la victime").
        trial_parties: Roles of the parties to a trial ("le prévenu", "l'accusé", "la victime"): never a
            person the article titles with one of ``court_officers`` ("le procureur, Alain Sarrazin"), nor
            one it titles with a party of the other side (``accused_parties`` against the rest: "La
            victime, Yanis Benali, … a répondu le prévenu").
        accused_parties: Those of ``trial_parties`` who stand trial.
        court_officers: Roles of those who sit, prosecute or plead in a court.
        utterance_verbs: Verbs whose quoted object is always words somebody utters, never the title of
            a work: a name the subject calls someone ("calling her "Spendthrift Lorraine""), a chant
            ("chanted "Pa-tty! Pa-tty!""). Their short capitalised objects are speech, not scare quotes.
        first_person: First-person pronouns: turns of a transcript use them, lines of a list do not; a
            quote opening a feature is its speaker's only in the first person.
        interviewer_pronouns: The pronouns by which a publication introduces its own interview ("We
            spoke to her", "He told us").
        interview_verbs: Verbs besides those of speech by which a person gives the publication an
            interview ("l'entretien qu'elle nous a accordé").
        question_nouns: Nouns of the publication's questions a person answers or speaks to ("répond à nos
            questions", "answered our questions").
        dash_turns: Whether an interview may print its turns after a dash, with no labels ("– Pourquoi …
            ?" then "– Nous avions …"), as French does; English dashes open list items.
        party_tag_re: Matches a party-region tag right after a name ("(R-Texas)", "(D-N.Y.)"); group 1 is
            the party letter, group 2 the region.
        party_tags: Party letters of such a tag -> the words that describe the person ("republican").
        regions: Region names and abbreviations of such tags (lower case: "va.", "tx") -> the name's
            words ("virginia"); from ``data/quotes/us_states.tsv``.
        raising_verbs: Passive forms that report what unnamed sources say of the subject by an
            infinitive ("is said to favour …", "is understood to have agreed …", "the arsonist, said to
            be …").
        purpose_passives: Those of ``raising_verbs`` whose infinitive may be a purpose ("prayers were
            said to remember …"): they report only a state, a perfect or an attitude (``state_verbs``).
        state_verbs: The verbs of a state and of the perfect ("be", "have").
        continuing_verbs: Participles by which a reporter goes on with a second statement (", adding that
            …", ", noting that …").
        result_degrees: Degree words that make an adjective's clause a result ("so confident that …").
        anonymity_words: Objects and infinitives of a source shielding itself ("asked not to be named",
            "requested anonymity"): no report.
        negative_words: Words that deny or hedge a belief before it ("hardly", "less than", "few", "no
            one").
        belief_adjectives: Adjectives of belief whose clause is the holder's view ("are convinced that
            …", "is confident she can …").
        intention_adjectives: Adjectives of intention whose infinitive is the holder's aim ("is
            determined to clear the backlog", "reluctant to raise taxes").
        question_labels: Labels of the interviewer's turns in a transcript ("Q:", "INTERVIEWER:").
        answer_labels: Labels of the interviewee's turns ("A:", "Answer:").
    """

    first_names: Mapping[str, str]
    person_roles: frozenset[str]
    org_roles: frozenset[str]
    role_genders: Mapping[str, str]
    scare_cues: frozenset[str]
    message_nouns: frozenset[str]
    issuing_verbs: frozenset[str] = frozenset()
    state_roles: frozenset[str] = frozenset()
    business_roles: frozenset[str] = frozenset()
    object_roles: frozenset[str] = frozenset()
    public_bodies: frozenset[str] = frozenset()
    section_labels: frozenset[str] = frozenset()
    titled_only_roles: frozenset[str] = frozenset()
    voice_roles: frozenset[str] = frozenset()
    other_person_words: frozenset[str] = frozenset()
    past_office_words: frozenset[str] = frozenset()
    hearing_verbs: frozenset[str] = frozenset()
    learning_verbs: frozenset[str] = frozenset()
    consulted_preps: frozenset[str] = frozenset()
    impersonal_pronouns: frozenset[str] = frozenset()
    unnamed_sources: frozenset[str] = frozenset()
    hearing_bodies: frozenset[str] = frozenset()
    agent_plurals: tuple[str, ...] = ()
    purpose_verbs: frozenset[str] = frozenset()
    prospect_verbs: frozenset[str] = frozenset()
    headline_verbs: frozenset[str] = frozenset()
    fronted_verbs: frozenset[str] = frozenset()
    manner_adjectives: frozenset[str] = frozenset()
    manner_verbs: frozenset[str] = frozenset()
    utterance_nouns: frozenset[str] = frozenset()
    gerund_preps: frozenset[str] = frozenset()
    object_control_preps: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    causative_cues: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    refusal_verbs: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()
    disowning_verbs: frozenset[str] = frozenset()
    circumstance_preps: frozenset[str] = frozenset()
    title_abbreviations: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    role_equivalents: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    document_nouns: frozenset[str] = frozenset()
    noun_cues: frozenset[str] = frozenset()
    noun_cue_preps: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    hearsay_nouns: frozenset[str] = frozenset()
    question_verbs: frozenset[str] = frozenset()
    making_verbs: frozenset[str] = frozenset()
    clarity_words: frozenset[str] = frozenset()
    reason_verbs: frozenset[str] = _REASON_VERBS
    addressee_verbs: frozenset[str] = _ADDRESSEE_VERBS
    directive_marks: frozenset[str] = frozenset()
    infinitive_speech_verbs: frozenset[str] = frozenset()
    directive_verbs: frozenset[str] = frozenset()
    untitled_role_holders: bool = False
    epicene_roles: frozenset[str] = frozenset()
    trial_parties: frozenset[str] = frozenset()
    accused_parties: frozenset[str] = frozenset()
    court_officers: frozenset[str] = frozenset()
    thing_pronouns: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({"it": None}))
    voicing_verbs: frozenset[str] = _VOICING_VERBS
    topic_documents: frozenset[str] = _TOPIC_DOCUMENTS
    sourcing_adverbs: frozenset[str] = frozenset()
    person_groups: frozenset[str] = frozenset()
    irregular_plurals: Mapping[str, str] = field(default_factory=dict)
    function_words: frozenset[str] = frozenset()
    as_it_verbs: frozenset[str] = frozenset()
    passive_auxiliaries: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset({"which", "who", "that"})
    honorific_re: re.Pattern[str] = _HONORIFIC_RE
    honorific_genders: Mapping[str, str] = field(default_factory=lambda: _HONORIFIC_GENDERS)
    person_pronouns: Mapping[str, str] = field(default_factory=lambda: _PERSON_PRONOUNS)
    bound_pronouns: Mapping[str, str] = field(default_factory=lambda: _BOUND_PRONOUNS)
    group_pronouns: frozenset[str] = _GROUP_PRONOUNS
    possessive_pronouns: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({"his": "he", "her": "she", "their": "they", "its": "it"})
    )
    non_speakers: frozenset[str] = _NON_SPEAKERS
    time_nouns: frozenset[str] = frozenset()
    agent_markers: frozenset[str] = frozenset()
    neutral_honorifics: frozenset[str] = frozenset()
    definite: frozenset[str] = _DEFINITE
    indefinite: frozenset[str] = frozenset({"a", "an"})
    leading_article: re.Pattern[str] = _LEADING_ARTICLE_RE
    according: tuple[tuple[str, ...], ...] = (
        ("according", "to"),
        ("in", "the", "words", "of"),
        ("in", "the", "opinion", "of"),
        ("per",),
    )
    fronted_according: frozenset[str] = frozenset()
    close_people: frozenset[str] = _CLOSE_PEOPLE
    resident_nouns: frozenset[str] = frozenset(
        "resident residents inhabitant inhabitants villager villagers native natives local locals".split()
    )
    anyone_pronouns: frozenset[str] = frozenset("anyone anybody everyone everybody someone somebody those".split())
    other_ones: frozenset[str] = _OTHER_ONES
    reply_words: frozenset[str] = frozenset({"no", "yes", "well", "wrong"})
    addressee_pronouns: frozenset[str] = frozenset({"you", "your", "yours", "yourself", "yourselves"})
    raising_verbs: frozenset[str] = frozenset()
    party_tag_re: re.Pattern[str] | None = None
    party_tags: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    regions: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    purpose_passives: frozenset[str] = frozenset()
    negative_words: frozenset[str] = frozenset()
    continuing_verbs: frozenset[str] = frozenset()
    result_degrees: frozenset[str] = frozenset()
    anonymity_words: frozenset[str] = frozenset()
    state_verbs: frozenset[str] = frozenset()
    frame_words: frozenset[str] = frozenset()
    frame_nouns: frozenset[str] = frozenset()
    view_nouns: frozenset[str] = frozenset()
    view_preps: frozenset[str] = frozenset()
    ones: frozenset[str] = frozenset()
    latter_pronouns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    quantity_words: frozenset[str] = frozenset()
    partitive_preps: frozenset[str] = frozenset()
    affiliation_preps: frozenset[str] = frozenset()
    postnominal_adjectives: bool = False
    place_preps: frozenset[str] = frozenset()
    utterance_verbs: frozenset[str] = frozenset()
    offices: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    interviewer_pronouns: frozenset[str] = frozenset()
    how_words: frozenset[str] = frozenset()
    belief_adjectives: frozenset[str] = frozenset()
    intention_adjectives: frozenset[str] = frozenset()
    interview_verbs: frozenset[str] = frozenset()
    question_nouns: frozenset[str] = frozenset()
    dash_turns: bool = False
    question_labels: frozenset[str] = frozenset()
    answer_labels: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset({"that"})
    repeated_complementizer: bool = False
    verb_tags: tuple[str, ...] = ("VB",)
    inverted_subjects: bool = False
    according_firsts: frozenset[str] = field(init=False, repr=False, compare=False)
    report_cues: frozenset[str] = field(init=False, repr=False, compare=False)
    honorific_any_case: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def plural(self, noun: str) -> str:
        """The plural of a lower-case noun: an irregular one from ``irregular_plurals``, else with "s"."""
        return self.irregular_plurals.get(noun, noun + "s")

    def __post_init__(self) -> None:
        """Derive, once per lexicon, the lookups built from other fields.

        ``according_firsts``: the first words of the source phrases; ``report_cues``: every word that
        may cue a report without marks (``reported.find_reported`` looks at no other);
        ``honorific_any_case``: ``honorific_re`` in any case ("MR SODHI:").
        """
        firsts = frozenset(phrase[0] for phrase in self.according)
        cues = (
            self.reporting_verbs | self.raising_verbs | self.belief_adjectives | self.intention_adjectives
            | self.view_nouns | self.noun_cues | self.sourcing_adverbs | self.hearing_verbs | self.making_verbs | firsts
            | self.learning_verbs
        )  # fmt: skip
        object.__setattr__(self, "according_firsts", firsts)
        object.__setattr__(self, "report_cues", cues)
        object.__setattr__(self, "honorific_any_case", re.compile(self.honorific_re.pattern, re.IGNORECASE))


_FAMILIES: Final = frozenset(get_args(ReportKind))


def parse_speech_verbs(text: str) -> SpeechVerbs:
    r"""Read a speech-verb list: one verb's word forms a line (see the legend in ``speech_verbs.txt``).

    A ``[family]`` line sets the report family of the verbs below it (``speech`` before any).
    A line starting with "~" is a cue of quotes only; "+" (after any "!") a verb that reports
    without marks but never cues a quote; "!" marks a verb whose object carries the reported
    content, and "*" (after "!" and any "+") one whose bare object naming a thing is that content;
    "?" a cue of quotes only when its subject is a message ("the letter read").
    Blank lines and "#" comments are skipped.

    Args:
        text: The list's text.

    Returns:
        The verb fields of a ``QuoteLexicon``.

    Raises:
        ValueError: On a section name that is not a ``ReportKind``, or a line of markers without a verb.

    >>> verbs = parse_speech_verbs("say said\n~believe believed\n!call called\n[attitude]\n!+*want wants\n?read")
    >>> sorted(verbs.speech_verbs)
    ['believe', 'believed', 'call', 'called', 'said', 'say']
    >>> sorted(verbs.reporting_verbs), sorted(verbs.call_verbs), sorted(verbs.document_verbs)
    (['call', 'called', 'said', 'say', 'want', 'wants'], ['call', 'called'], ['read'])
    >>> verbs.report_families["wants"], verbs.report_families["said"], sorted(verbs.thing_object_verbs)
    ('attitude', 'speech', ['want', 'wants'])
    """
    forms: set[str] = set()
    reporting: set[str] = set()
    objects: set[str] = set()
    things: set[str] = set()
    calls: set[str] = set()
    documents: set[str] = set()
    families: dict[str, ReportKind] = {}
    family: ReportKind = "speech"
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            if name not in _FAMILIES:
                msg = f"unknown report family {name!r} in the speech-verb list"
                raise ValueError(msg)
            family = cast("ReportKind", name)
            continue
        markers = line[: len(line) - len(line.lstrip("!~?+*"))]
        words = line[len(markers) :].split()
        if not words:
            msg = f"a speech-verb line with markers and no verb: {raw!r}"
            raise ValueError(msg)
        if line.startswith("?"):
            documents.update(words)
            continue
        if "+" not in markers:
            forms.update(words)
        if not line.startswith("~"):
            reporting.update(words)
            families.update(dict.fromkeys(words, family))
        if line.startswith("!"):
            objects.update(words)
            if "*" in markers:
                things.update(words)
            if words[0] == "call":
                calls.update(words)
    return SpeechVerbs(
        speech_verbs=frozenset(forms),
        reporting_verbs=frozenset(reporting),
        object_verbs=frozenset(objects),
        thing_object_verbs=frozenset(things),
        call_verbs=frozenset(calls),
        document_verbs=frozenset(documents),
        report_families=MappingProxyType(families),
    )


def parse_first_names(text: str) -> dict[str, str]:
    """Read a first-name list: ``name<TAB>gender`` lines; blank lines and "#" comments are skipped.

    Args:
        text: The list's text.

    Returns:
        First name -> gender ("m" or "f"), both stripped of surrounding blanks.
    """
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split("\t")
            table[name.strip()] = gender.strip()
    return table


def _packaged_words(verbs_file: str, *more_names: str) -> dict[str, Any]:
    """The packaged speech verbs and first names, as ``QuoteLexicon`` fields.

    ``verbs_file`` and ``more_names`` are paths under ``pipeline/data``; the English first names are
    always included: the names US birth records give one sex (``scripts/first_names_us.py``), then
    the curated list, then ``more_names``, each later list overriding the earlier ones.
    """
    data = resources.files("pipeline").joinpath("data")
    verbs = parse_speech_verbs(data.joinpath(verbs_file).read_text(encoding="utf-8"))
    names = parse_first_names(data.joinpath("quotes/first_names_us.tsv").read_text(encoding="utf-8"))
    names.update(parse_first_names(data.joinpath("entities/first_names.tsv").read_text(encoding="utf-8")))
    for extra in more_names:
        names.update(parse_first_names(data.joinpath(extra).read_text(encoding="utf-8")))
    return {**{f.name: getattr(verbs, f.name) for f in fields(SpeechVerbs)}, "first_names": MappingProxyType(names)}


def _verb_forms(verbs_file: str, infinitives: frozenset[str]) -> frozenset[str]:
    """The word forms of some verbs of a packaged speech-verb list (a line's first word is the infinitive)."""
    text = resources.files("pipeline").joinpath("data").joinpath(verbs_file).read_text(encoding="utf-8")
    forms: set[str] = set()
    for raw in text.splitlines():
        words = raw.strip().lstrip("!~?+*").split()
        if words and not raw.startswith(("#", "[")) and words[0] in infinitives:
            forms.update(words)
    return frozenset(forms)


def parse_regions(text: str) -> dict[str, frozenset[str]]:
    """Read ``name <TAB> abbreviation <TAB> code`` lines: every lower-case form -> the name's words."""
    regions: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, *forms = line.split("\t")
        words = frozenset(name.lower().split())
        for form in (name, *forms):
            regions[form.strip().lower()] = words
    return regions


@cache
def default_lexicon() -> QuoteLexicon:
    """Load the packaged lexicon once (speech verbs and first names from ``pipeline/data``).

    Returns:
        The same frozen ``QuoteLexicon`` on every call.
    """
    regions = resources.files("pipeline").joinpath("data/quotes/us_states.tsv").read_text(encoding="utf-8")
    return QuoteLexicon(
        **_packaged_words("quotes/speech_verbs.txt"),
        first_person=frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours"}),
        interviewer_pronouns=frozenset({"we", "us", "our"}),
        question_nouns=frozenset({"questions"}),
        question_labels=frozenset({"q", "question", "interviewer", "reporter"}),
        answer_labels=frozenset({"a", "answer"}),
        party_tag_re=re.compile(r"\s*\(([A-Z])[-–]([A-Z][A-Za-z. ]{0,20}?)\)"),
        party_tags=MappingProxyType(
            {
                "r": frozenset({"republican"}),
                "d": frozenset({"democrat", "democratic"}),
                "i": frozenset({"independent"}),
            }
        ),
        regions=MappingProxyType(parse_regions(regions)),
        raising_verbs=_RAISING_VERBS,
        purpose_passives=frozenset({"said", "claimed", "reported"}),
        state_verbs=frozenset({"be", "have"}),
        continuing_verbs=frozenset("adding noting stressing emphasising emphasizing".split()),
        result_degrees=frozenset({"so", "such", "too"}),
        anonymity_words=frozenset({"anonymity", "named", "identified", "quoted"}),
        negative_words=frozenset({"not", "never", "hardly", "barely", "scarcely", "less", "few", "no", "little"}),
        belief_adjectives=_BELIEF_ADJECTIVES,
        intention_adjectives=_INTENTION_ADJECTIVES,
        person_roles=_PERSON_ROLES,
        org_roles=_ORG_ROLES,
        state_roles=_STATE_ROLES,
        role_genders=_ROLE_GENDERS,
        conditional_marks=frozenset({"if", "unless", "whether"}),
        titled_only_roles=_TITLED_ONLY_ROLES,
        voice_roles=frozenset("spokesman spokeswoman spokesperson representative official source".split()),
        other_person_words=frozenset(
            "new other another incoming future next previous fellow rival opposing junior first second third last "
            "home away visiting winning losing beaten defeated victorious".split()
        ),
        past_office_words=frozenset({"former", "ex", "then", "late"}),
        hearing_verbs=frozenset({"heard", "hears", "hear"}),
        agent_plurals=("ers", "ors", "ists", "ians", "ees"),
        purpose_verbs=frozenset(
            "aim aims aimed aiming seek seeks sought seeking intend intends intended intending".split()
        ),
        prospect_verbs=frozenset(
            "threaten threatens threatened threatening promise promises promised promising".split()
        ),
        headline_verbs=frozenset(
            "says say claims claim warns warn urges urge insists insist denies deny vows vow predicts predict "
            "call calls".split()
        ),
        hearing_bodies=frozenset(
            "court courts jury jurors inquest inquiry tribunal panel committee hearing trial magistrates".split()
        ),
        fronted_verbs=frozenset(
            "said says added adds asked asks wrote writes explained explains noted notes recalled recalls "
            "declared declares insisted insists argued argues warned warns countered counters replied replies "
            "continued continues concluded concludes observed observes quipped quips tweeted tweets remarked "
            "remarks conceded concedes".split()
        ),
        manner_adjectives=frozenset(
            "furious blunt defiant adamant angry upset emotional candid frank firm clear unapologetic emphatic "
            "optimistic pessimistic confident cautious skeptical sceptical critical dismissive scathing "
            "unrepentant philosophical upbeat bullish gloomy direct forthright outspoken livid incensed "
            "delighted thrilled pleased disappointed frustrated proud grateful apologetic contrite defensive "
            "combative calm measured unequivocal impressed unimpressed generous gracious magnanimous coy "
            "reflective scornful bitter".split()
        ),
        manner_verbs=frozenset(
            "paused pauses laughed laughs smiled smiles sighed sighs shrugged shrugs nodded nods grinned grins "
            "hesitated hesitates chuckled chuckles frowned frowns winced winces".split()
        ),
        utterance_nouns=frozenset(
            {
                "answer",
                "response",
                "reply",
                "advice",
                "verdict",
                "view",
                "take",
                "words",
                "reaction",
                "explanation",
                "comment",
                "comments",
                "assessment",
                "prediction",
            }
        ),  # fmt: skip
        frame_nouns=frozenset(
            "response reply answer retort riposte verdict warning assessment reaction comment comments words "
            "plea".split()
        ),
        frame_words=frozenset("was is were are that this it those these the then came comes".split()),
        how_words=frozenset({"how"}),
        view_nouns=frozenset({"view", "opinion", "judgment", "judgement", "estimation", "words"}),
        view_preps=frozenset({"in"}),
        ones=frozenset({"one", "another"}),
        quantity_words=frozenset(
            "dozens hundreds thousands millions scores several many most some all both few none half "
            "majority minority handful number couple rest each any".split()
        ),
        partitive_preps=frozenset({"of"}),
        affiliation_preps=frozenset({"of", "for", "from", "at", "with"}),
        place_preps=frozenset({"of"}),
        offices=frozenset(
            "senator representative congressman congresswoman governor mayor judge president ambassador "
            "minister sheriff premier chancellor".split()
        ),
        utterance_verbs=frozenset(
            "call calls called calling dub dubs dubbed dubbing brand brands branded branding label labels labeled "
            "labelled labeling labelling chant chants chanted chanting shout shouts shouted shouting yell yells "
            "yelled yelling scream screams screamed screaming holler hollers hollered hollering".split()
        ),
        gerund_preps=frozenset(
            {"after", "before", "by", "upon", "on", "in", "without", "despite", "since", "through", "from", "for", "of"}
        ),
        object_control_preps=frozenset({"for", "of", "from"}),
        section_labels=frozenset(
            {
                "analysis",
                "opinion",
                "review",
                "explainer",
                "editorial",
                "commentary",
                "photos",
                "video",
                "watch",
                "live",
                "update",
                "podcast",
                "interview",
                "exclusive",
                "breaking",
                "news",
                "sports",
                "obituary",
            }
        ),  # fmt: skip
        refusal_verbs=frozenset("decline declines declined declining refuse refuses refused refusing".split()),
        clause_verbs=frozenset("say says said saying".split()),
        disowning_verbs=_DISOWNING_VERBS,
        circumstance_preps=_CIRCUMSTANCE_PREPS,
        business_roles=_BUSINESS_ROLES,
        object_roles=frozenset({"maker", "manufacturer", "operator", "publisher"}),
        public_bodies=_PUBLIC_BODIES,
        title_abbreviations=_TITLE_ABBREVIATIONS,
        role_equivalents=_ROLE_EQUIVALENTS,
        scare_cues=_SCARE_CUES,
        message_nouns=_MESSAGE_NOUNS,
        issuing_verbs=_ISSUING_VERBS,
        document_nouns=_DOCUMENT_NOUNS,
        noun_cues=_NOUN_CUES,
        noun_cue_preps=_NOUN_CUE_PREPS,
        question_verbs=frozenset({"asked", "questioned"}),
        making_verbs=frozenset({"make", "makes", "made", "making"}),
        clarity_words=frozenset({"clear", "known", "plain"}),
        hearsay_nouns=frozenset("claims reports rumors rumours allegation allegations accusation accusations".split()),
        sourcing_adverbs=_SOURCING_ADVERBS,
        person_groups=_PERSON_GROUPS,
        irregular_plurals=MappingProxyType({"person": "people", "man": "men", "woman": "women", "child": "children"}),
        function_words=_FUNCTION_WORDS,
        as_it_verbs=frozenset({"put", "puts"}),
    )


@cache
def french_lexicon() -> QuoteLexicon:
    """Load the packaged French lexicon once.

    Speech verbs come from ``data/quotes/speech_verbs_fr.txt`` (word forms, as for English), first
    names from the English list plus the names French births give one sex
    (``data/quotes/first_names_fr_births.tsv``, ``scripts/first_names_fr.py``) and
    ``data/quotes/first_names_fr.tsv``; "selon X" introduces a
    source, "que" a reported clause, and a speech verb after a quote may take its subject after it
    (inverted incise: « … », a déclaré le ministre). The French model tags with universal POS tags.

    Returns:
        The same frozen ``QuoteLexicon`` on every call.
    """
    return QuoteLexicon(
        **_packaged_words(
            "quotes/speech_verbs_fr.txt", "quotes/first_names_fr_births.tsv", "quotes/first_names_fr.tsv"
        ),
        person_roles=_FR_PERSON_ROLES,
        titled_only_roles=_FR_TITLED_ONLY_ROLES,
        untitled_role_holders=True,
        role_equivalents=_FR_ROLE_EQUIVALENTS,
        person_groups=_FR_PERSON_GROUPS,
        org_roles=_FR_ORG_ROLES,
        voice_roles=frozenset({"porte-parole", "représentant", "représentante", "responsable", "source"}),
        other_person_words=frozenset(
            "nouveau nouvel nouvelle autre futur future prochain prochaine précédent précédente rival rivale "
            "adverse".split()
        ),
        past_office_words=frozenset({"ancien", "ancienne", "ex", "feu"}),
        state_roles=_FR_STATE_ROLES,
        role_genders=_FR_ROLE_GENDERS,
        scare_cues=_FR_SCARE_CUES,
        message_nouns=_FR_MESSAGE_NOUNS,
        issuing_verbs=_FR_ISSUING_VERBS,
        document_nouns=_FR_DOCUMENT_NOUNS,
        honorific_re=_FR_HONORIFIC_RE,
        honorific_genders=_FR_HONORIFIC_GENDERS,
        person_pronouns=_FR_PERSON_PRONOUNS,
        bound_pronouns=MappingProxyType({**_FR_PERSON_PRONOUNS, "lui": "m"}),  # "selon lui", "selon elle"
        group_pronouns=_FR_GROUP_PRONOUNS,
        possessive_pronouns=MappingProxyType({}),  # "son", "sa" agree with the thing owned: no gender
        non_speakers=_FR_NON_SPEAKERS,
        time_nouns=_FR_TIME_NOUNS,
        agent_markers=frozenset({"par"}),
        neutral_honorifics=frozenset({"me"}),
        offices=frozenset(
            "maire président présidente ministre sénateur sénatrice député députée juge ambassadeur ambassadrice "
            "préfet préfète gouverneur gouverneure chancelier chancelière conseiller conseillère procureur "
            "procureure bourgmestre échevin échevine".split()
        ),
        definite=_FR_DEFINITE,
        indefinite=frozenset({"un", "une"}),
        leading_article=_FR_LEADING_ARTICLE_RE,
        affiliation_preps=frozenset({"de", "du", "des", "d'", "d’"}),
        postnominal_adjectives=True,
        according=(("selon",), ("d'", "après"), ("d’", "après"), ("pour",)),
        fronted_according=frozenset({"pour"}),
        latter_pronouns=MappingProxyType(
            {"celui-ci": "m", "celle-ci": "f", "ce dernier": "m", "cette dernière": "f"}
        ),  # fmt: skip
        reason_verbs=frozenset(),
        addressee_verbs=frozenset(),
        directive_marks=frozenset({"à"}),
        infinitive_speech_verbs=_verb_forms(
            "quotes/speech_verbs_fr.txt",
            frozenset(
                "dire affirmer assurer déclarer estimer reconnaître avouer jurer admettre indiquer expliquer "
                "raconter confier penser croire".split()
            ),
        ),
        directive_verbs=_verb_forms(
            "quotes/speech_verbs_fr.txt",
            frozenset("appeler inviter exhorter inciter encourager implorer supplier".split()),
        ),
        epicene_roles=frozenset(
            "ministre juge porte-parole secrétaire responsable journaliste artiste architecte élève collègue "
            "membre locataire propriétaire photographe diplomate pilote psychologue dentiste commissaire "
            "gendarme garde maire astronaute athlète cadre camarade comptable libraire notaire peintre "
            "pédiatre guide interprète stagiaire capitaine adjudant juriste analyste économiste biologiste "
            "cinéaste scénariste".split()
        ),
        learning_verbs=frozenset({"appris", "apprend", "apprenait"}),
        consulted_preps=frozenset({"auprès"}),
        impersonal_pronouns=frozenset({"on", "-on"}),
        unnamed_sources=frozenset({"source", "sources"}),
        trial_parties=frozenset("prévenu prévenue accusé accusée plaignant plaignante victime".split()),
        accused_parties=frozenset("prévenu prévenue accusé accusée".split()),
        court_officers=frozenset(
            "procureur procureure juge avocat avocate greffier greffière magistrat magistrate".split()
        ),
        thing_pronouns=_FR_PERSON_PRONOUNS,
        voicing_verbs=frozenset(),
        topic_documents=frozenset({"enquête", "enquêtes", "procès", "plainte", "plaintes", "audit", "audits"}),
        complementizers=frozenset({"que", "qu'", "qu’"}),
        repeated_complementizer=True,
        verb_tags=("VERB",),
        inverted_subjects=True,
        relative_pronouns=frozenset({"qui"}),
        function_words=_FR_FUNCTION_WORDS,
        passive_auxiliaries=frozenset(
            "suis es est sommes êtes sont étais était étions étiez étaient serai seras sera serons serez seront "
            "serais serait serions seriez seraient fus fut furent sois soit soient être été étant".split()
        ),
        resident_nouns=frozenset(
            "habitant habitante habitants habitantes résident résidente résidents résidentes villageois "
            "riverain riveraine riverains riveraines".split()
        ),
        anyone_pronouns=frozenset("quiconque tous toutes chacun chacune ceux celles".split()),
        close_people=frozenset(
            {
                "ami",
                "amie",
                "amis",
                "amies",
                "proche",
                "proches",
                "collègue",
                "collègues",
                "voisin",
                "voisine",
                "voisins",
                "voisines",
                "fils",
                "fille",
                "filles",
                "frère",
                "frères",
                "sœur",
                "sœurs",
                "enfant",
                "enfants",
                "parent",
                "parents",
                "épouse",
                "mari",
                "veuve",
                "veuf",
                "mère",
                "père",
                "allié",
                "alliés",
                "associé",
                "associés",
                "conseiller",
                "conseillers",
            }
        ),  # fmt: skip
        other_ones=frozenset(
            {
                "autre",
                "rival",
                "rivale",
                "concurrent",
                "concurrente",
                "nouveau",
                "nouvelle",
                "ancien",
                "ancienne",
                "second",
                "seconde",
                "deuxième",
                "troisième",
                "fusionné",
                "fusionnée",
            }
        ),  # fmt: skip
        reply_words=frozenset({"non", "oui", "si"}),
        conditional_marks=frozenset({"si", "s'", "s’"}),
        partitive_preps=frozenset({"de", "d'", "d’", "des", "du"}),
        fronted_verbs=frozenset(
            "ajoute explique poursuit souligne précise dit déclare estime insiste conclut résume raconte lance "
            "affirme assure".split()
        ),
        manner_adjectives=frozenset(
            "furieux furieuse catégorique ferme clair claire direct directe formel formelle".split()
        ),
        manner_verbs=frozenset("sourit rit soupire hésite acquiesce".split()),
        utterance_nouns=frozenset({"réponse", "avis", "verdict", "conseil"}),
        gerund_preps=frozenset({"après", "avant", "sans", "pour", "en"}),
        refusal_verbs=frozenset("refuse refusent refusé refusée refuser décline déclinent décliné déclinée".split()),
        causative_cues=MappingProxyType(
            {
                "savoir": frozenset(
                    "faire fait font faisait faisaient fit firent fera feront ferait feraient faisant".split()
                )
            }
        ),
        disowning_verbs=frozenset(
            "nie nient nié niée nier dément démentent démenti démentie démentir rejette rejettent rejeté "
            "rejetée rejeter conteste contestent contesté contestée contester réfute réfutent réfuté réfuter".split()
        ),
        circumstance_preps=frozenset({"malgré", "après", "avant", "depuis", "parmi", "sans"}),
        addressee_pronouns=frozenset({"vous", "tu", "te", "t'", "t’", "toi", "ton", "ta", "tes", "votre", "vos"}),
        question_labels=frozenset({"q", "question", "journaliste"}),
        first_person=frozenset({"je", "j'", "j’", "me", "moi", "mon", "ma", "mes", "nous", "notre", "nos"}),
        interviewer_pronouns=frozenset({"nous", "notre", "nos"}),
        interview_verbs=frozenset(
            "accorder accorde accordé accordée accordés accordées accordait accordent donné donnée".split()
        ),
        dash_turns=True,
        question_nouns=frozenset({"questions"}),
        answer_labels=frozenset({"r", "réponse"}),
    )
