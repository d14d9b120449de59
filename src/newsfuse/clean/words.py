"""The words boilerplate is written in, one table per language, for the line rules.

A date line, a "share this" prompt, a photo credit or a byline is recognised by its
words, and those are a language's own: "Veröffentlicht am 12. März 2024", "Lire aussi",
"Foto: dpa", "Por Ana Pérez". Each table below gives the rules (``rules.py``) the words
of one language, as regular-expression alternatives matched without case. A language
without a table is cleaned by the rules that read structure only (menus by their
separators, code, numeric dates, "©" lines), and the removal record says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Words:
    """One language's boilerplate words (regular-expression alternatives, no case)."""

    months: str  # month names and their abbreviations
    days: str  # weekday names and their abbreviations
    day_of_month: str  # how a day number is written before a month: "12", "12th", "12.", "12 de"
    stamp: str  # the words before a date stamp: "published", "updated"
    prompts: str  # whole lines that are prompts, promos and page furniture
    credit: str  # the words before a credit's colon: "photo", "source"
    byline: str  # the words opening a byline: "by", "written by"
    function_words: frozenset[str]  # a line with one of them is no menu of capitalised words
    # the words opening a caption printed into the text, whatever follows them ("Image copyright
    # AFP Image caption Ancient manuscripts ...", as BBC pages read once scraped); "": none known
    caption: str = ""
    # the words before the colon of a credit that is a whole line in brackets ("(Image: Getty)",
    # "(Credit: CNET)"); not a source, which a bracketed line cites as part of the text; "": none known
    bracket_credit: str = ""


ENGLISH = Words(
    months=r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?",
    days=r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?",
    day_of_month=r"\d{1,2}(?:st|nd|rd|th)?",
    stamp=r"published|updated|posted|last\s+updated|first\s+published",
    prompts=r"""
      share(?:\s+(?:this|on|via)\b.*)?|tweet|email|e-mail|print|save|comments?(?:\s*\(\d+\))?
    | (?:follow|like)\s+us\b.*|(?:subscribe|sign\s+up|register|log\s*in|sign\s+in)\b.*
    | download\s+(?:our|the)\s+app.*|get\s+the\s+app.*|listen\s+to\s+(?:our|the)\s+podcast.*
    | watch\s+on\s+.*|get\s+.{0,40}\b(?:daily|newsletter|inbox|alerts?)\b.*|by\s+subscribing\b.*
    | read\s+more.*|more\s+(?:stories|news|from|on)\b.*|related(?:\s+(?:stories|articles|coverage|content|topics|news))?:?
    | advertisement|sponsored(?:\s+content)?|opinion|editorial|analysis|most\s+(?:read|popular|viewed|shared)
    | trending(?:\s+now)?|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like.*|don'?t\s+miss.*
    | \d+\s+min(?:ute)?s?\s+read|published|updated|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top
    | (?:all\s+rights\s+reserved|copyright)\b.*|terms\s+of\s+(?:use|service).*|privacy\s+policy.*
    | click\s+here\b.*|(?:also\s+)?read:.*|see\s+also:?.*|top\s+stories|latest(?:\s+news)?
    | also\s+on\s+[\w-]+\.(?:com|org|net|co\.uk|de|fr|ru)\b.*
    | (?:did\s+you\s+)?(?:like|enjoy)(?:ed)?\s+this\s+(?:story|article|post)\?.*
    | (?:like|follow)\s+(?:[\w@.'’-]+\s+){1,3}on\s+(?:{social})(?:\s*,\s*(?:{social}))*
      (?:\s+(?:and|or)\s+(?:[\w@.'’-]+\s+){0,3}(?:on\s+)?(?:{social})|\s+and\s+follow\b.*|\s+for\s+.*)?
    | (?:{social})(?:\s+(?:{social})){2,}\b.*|[^.!?]{10,150}\s+read\s+more
    | when\s+you\s+tweet\s+with\s+a\s+location\b.*|you\s+always\s+have\s+the\s+option\s+to\s+delete\s+your\s+tweet\b.*
    | to\s+reach\s+[^,]{1,60},\s+(?:call|e-?mail|contact|write\s+to)\b.*(?:\d{3}.\d{4}|@).*""".replace(
        "{social}", "facebook|twitter|instagram|linkedin|youtube|tiktok|pinterest|whatsapp|reddit|threads|google\\+"),
    credit=r"(?:photo|image|picture|video|map|graphic)s?(?:\s+(?:courtesy|credit))?|source|credit|courtesy",
    byline=r"by|written\s+by|reporting\s+by|words\s+by",
    function_words=frozenset(
        "a an the of to in on at for from with by and or but is are was were be been has have had "
        "that this it its as into over after before than not no about their his her they he she".split()),
    caption=r"(?:image|picture|media)\s+(?:copyright|caption)\b|media\s+playback\s+is\s+unsupported\b",
    bracket_credit=r"(?:photo|image|picture|video|graphic)s?|credit",
)

GERMAN = Words(
    months=r"jan(?:uar)?|feb(?:ruar)?|m(?:ä|ae)rz|mär|apr(?:il)?|mai|jun(?:i)?|jul(?:i)?|aug(?:ust)?|"
           r"sept?(?:ember)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?",
    days=r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so",
    day_of_month=r"\d{1,2}\.?",
    stamp=r"ver(?:ö|oe)ffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?|zuletzt\s+aktualisiert(?:\s+am)?|erstellt(?:\s+am)?"
          r"|stand",
    prompts=r"""
      teilen(?:\s+(?:auf|per|via)\b.*)?|drucken|e-mail|kommentare?(?:\s*\(\d+\))?|merken|versenden
    | (?:folgen\s+sie\s+uns|jetzt\s+abonnieren|abonnieren|newsletter\s+abonnieren|anmelden|registrieren|einloggen)\b.*
    | zum\s+newsletter.*|mehr\s+zum\s+thema.*|weiterlesen|mehr\s+lesen|lesen\s+sie\s+(?:auch|mehr).*
    | auch\s+interessant.*|das\s+k(?:ö|oe)nnte\s+sie\s+auch\s+interessieren.*|empfehlungen?|anzeige|werbung
    | meistgelesen(?:e\s+artikel)?|am\s+meisten\s+gelesen|zum\s+artikel|alle\s+rechte\s+vorbehalten.*
    | datenschutz(?:erkl(?:ä|ae)rung)?.*|impressum|nach\s+oben|zur(?:ü|ue)ck\s+zum\s+seitenanfang
    | (?:\d+\s+min(?:uten)?\.?\s+)?lesezeit(?:\s*:?\s*\d+\s+min(?:uten)?\.?)?|kommentieren|artikel\s+teilen""",
    credit=r"fotos?|bilder?|bildquelle|quelle|grafik|video|karte|illustration",
    byline=r"von|text|autor(?:in)?",
    function_words=frozenset(
        "der die das den dem des ein eine einen einem einer und oder aber ist sind war wurde im in am an auf für "
        "mit von zu zum zur bei nach vor über aus nicht sich es er sie wir als auch wie".split()),
)

FRENCH = Words(
    months=r"janv(?:ier)?|f(?:é|e)vr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao(?:û|u)t|sept(?:embre)?|"
           r"oct(?:obre)?|nov(?:embre)?|d(?:é|e)c(?:embre)?",
    days=r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    day_of_month=r"(?:le\s+)?\d{1,2}(?:er)?",
    stamp=r"publi(?:é|e)(?:\s+le)?|mis\s+(?:à|a)\s+jour(?:\s+le)?|modifi(?:é|e)(?:\s+le)?|mis\s+en\s+ligne(?:\s+le)?",
    prompts=r"""
      partager(?:\s+(?:sur|par|via)\b.*)?|imprimer|envoyer|commentaires?(?:\s*\(\d+\))?|r(?:é|e)agir
    | (?:suivez-nous|abonnez-vous|s'abonner|inscrivez-vous|s'inscrire|se\s+connecter|connexion)\b.*
    | newsletter.*|lire\s+aussi.*|(?:à|a)\s+lire\s+(?:aussi|(?:é|e)galement).*|lire\s+la\s+suite.*|voir\s+aussi.*
    | sur\s+le\s+m(?:ê|e)me\s+sujet.*|publicit(?:é|e)|sponsoris(?:é|e)|contenu\s+sponsoris(?:é|e)
    | les\s+plus\s+(?:lus|partag(?:é|e)s|comment(?:é|e)s)|tous\s+droits\s+r(?:é|e)serv(?:é|e)s.*
    | politique\s+de\s+confidentialit(?:é|e).*|mentions\s+l(?:é|e)gales|retour\s+en\s+haut
    | (?:temps\s+de\s+lecture\s*:?\s*)?\d+\s+min(?:utes?)?(?:\s+de\s+lecture)?|en\s+direct|(?:à|a)\s+la\s+une""",
    credit=r"photos?|images?|cr(?:é|e)dits?(?:\s+photo)?|source|illustration|vid(?:é|e)o|carte|infographie",
    byline=r"par|texte|auteur",
    function_words=frozenset(
        "le la les l un une des du de d et ou mais est sont était a au aux en dans sur pour par avec sans que qui "
        "ne pas se elle ils nous cette ce".split()),  # not "il": Italian's article
)

SPANISH = Words(
    months=r"ene(?:ro)?|feb(?:rero)?|mar(?:zo)?|abr(?:il)?|may(?:o)?|jun(?:io)?|jul(?:io)?|ago(?:sto)?|"
           r"sep(?:t(?:iembre)?)?|setiembre|oct(?:ubre)?|nov(?:iembre)?|dic(?:iembre)?",
    days=r"lunes|martes|mi(?:é|e)rcoles|jueves|viernes|s(?:á|a)bado|domingo",
    day_of_month=r"\d{1,2}(?:\s+de)?",
    stamp=r"publicado(?:\s+el)?|actualizado(?:\s+el)?|actualizaci(?:ó|o)n|modificado(?:\s+el)?",
    prompts=r"""
      compartir(?:\s+(?:en|por|v(?:í|i)a)\b.*)?|imprimir|enviar|comentarios?(?:\s*\(\d+\))?|guardar
    | (?:s(?:í|i)guenos|suscr(?:í|i)bete|suscribirse|reg(?:í|i)strate|iniciar\s+sesi(?:ó|o)n|ingresar)\b.*
    | bolet(?:í|i)n.*|leer\s+m(?:á|a)s.*|lee\s+(?:tambi(?:é|e)n|m(?:á|a)s).*|(?:tambi(?:é|e)n\s+)?te\s+puede\s+interesar.*
    | ver\s+tambi(?:é|e)n.*|noticias\s+relacionadas|relacionad[oa]s?|publicidad|patrocinado|contenido\s+patrocinado
    | lo\s+m(?:á|a)s\s+(?:le(?:í|i)do|visto|compartido)|m(?:á|a)s\s+le(?:í|i)d[oa]s
    | todos\s+los\s+derechos\s+reservados.*|pol(?:í|i)tica\s+de\s+privacidad.*|aviso\s+legal|volver\s+arriba
    | \d+\s+min(?:utos)?(?:\s+de\s+lectura)?|en\s+directo|(?:ú|u)ltima\s+hora""",
    credit=r"fotos?|im(?:á|a)genes|imagen|fotograf(?:í|i)a|fuente|cr(?:é|e)ditos?|v(?:í|i)deo|mapa|ilustraci(?:ó|o)n",
    byline=r"por|texto|autor(?:a)?",
    function_words=frozenset(
        "el la los las un una unos unas de del y pero es son era fue en con por para sin que se al lo su sus "
        "como más este esta".split()),  # not "o", "no": Portuguese's article and "in the"
)

# language code (ISO 639-1, as newsfuse.language tells it) -> its words
WORDS: dict[str, Words] = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH, "es": SPANISH}

TABLE_SHARE = 0.05  # a text this much of whose words are one table's own function words ...
CLEAR_LEAD = 2.0  # ... and this many times as many as of any other table's is in its language
MIN_WORDS = 15  # fewer words are too few to tell: read as English, the first table
_WORD = re.compile(r"[^\W\d_]+")  # "l'hiver" counts "l": French elides its articles


def table_language(text: str, sample: int = 3000) -> str | None:
    """The language whose word table the line rules should read for ``text``: the table
    whose function words it uses clearly most; "en" for text too short to tell; None for
    any other text (a language without a table, or one between two tables such as
    Portuguese beside Spanish), which the structure-only rules clean. A count of words, no
    model: the cleaner needs to know which table to read, not to name every language
    (``newsfuse.language.detect`` does that, and its model takes a second to load)."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < MIN_WORDS:
        return "en"
    shares = sorted(((sum(w in own for w in words) / len(words), code) for code, own in _distinctive().items()),
                    reverse=True)
    (best, code), (second, _) = shares[0], shares[1]
    return code if best >= TABLE_SHARE and best >= CLEAR_LEAD * second else None


@lru_cache(maxsize=1)
def _distinctive() -> dict[str, frozenset[str]]:
    """Each table's function words that no other table has ("de", "la", "en" tell nothing)."""
    return {code: table.function_words - set().union(*(t.function_words for c, t in WORDS.items() if c != code))
            for code, table in WORDS.items()}
