"""Cleaning rules by language: each language's boilerplate words from its table, structure only without one."""

import pytest

from newsfuse.clean import classify_line, clean_text
from newsfuse.clean.rules import is_navigation, structure_only

BOILERPLATE = {
    "de": {
        "Veröffentlicht am 12. März 2024": "date or time stamp",
        "Montag, 4. November 2024, 14:30 Uhr": "date or time stamp",
        "Lesen Sie auch: Die Wahl in Sachsen": "share, subscribe or promo prompt",
        "Jetzt abonnieren": "share, subscribe or promo prompt",
        "Alle Rechte vorbehalten": "share, subscribe or promo prompt",
        "Foto: dpa": "photo or source credit",
        "Von Anna Müller und Jonas Weber": "byline",
    },
    "fr": {
        "Publié le 12 mars 2024 à 14h30": "date or time stamp",
        "Lire aussi : Les élections en Bretagne": "share, subscribe or promo prompt",
        "Abonnez-vous à notre newsletter": "share, subscribe or promo prompt",
        "Tous droits réservés": "share, subscribe or promo prompt",
        "Crédit photo : AFP": "photo or source credit",
        "Par Claire Dubois": "byline",
    },
    "es": {
        "Publicado el 12 de marzo de 2024": "date or time stamp",
        "Lee también: Las elecciones en Galicia": "share, subscribe or promo prompt",
        "Suscríbete a nuestro boletín": "share, subscribe or promo prompt",
        "Todos los derechos reservados": "share, subscribe or promo prompt",
        "Foto: EFE": "photo or source credit",
        "Por Ana Pérez": "byline",
    },
}
PROSE = {
    "de": "Der Stadtrat hat am Montag beschlossen, die Ufermauer vor dem Winter zu reparieren.",
    "fr": "Le conseil municipal a décidé lundi de réparer la digue avant l'hiver, selon la mairie.",
    "es": "El ayuntamiento decidió el lunes reparar el dique antes del invierno, según la alcaldía.",
}


@pytest.mark.parametrize("language,line,reason", [(lang, line, reason) for lang, lines in BOILERPLATE.items()
                                                  for line, reason in lines.items()])
def test_each_languages_boilerplate_is_read_by_its_own_words(language, line, reason):
    assert classify_line(line, language) == reason
    if reason != "photo or source credit":  # "photo :" reads as an English credit too
        assert classify_line(line, "en") != reason  # the English table alone missed it


@pytest.mark.parametrize("language", sorted(PROSE))
def test_prose_is_no_boilerplate_in_its_language(language):
    assert classify_line(PROSE[language], language) is None


def test_german_menus_and_german_headlines():
    assert is_navigation("Startseite Politik Wirtschaft Sport Kultur", "de")
    assert not is_navigation("Merkel Trifft Den Präsidenten In Paris", "de")  # "den", "in": words of a sentence


def test_a_german_article_is_cleaned_by_the_german_table():
    raw = "\n".join(["Veröffentlicht am 12. März 2024", "Von Anna Müller", PROSE["de"],
                     "Die Arbeiten sollen im Oktober beginnen und bis zum Frühjahr dauern, sagte die Bürgermeisterin.",
                     "Lesen Sie auch: Die Wahl in Sachsen", "Foto: dpa"])
    body, _, removed = clean_text(raw, find_body=False)
    assert body.split("\n\n") == [PROSE["de"], raw.split("\n")[3]]
    assert {r.reason for r in removed} == {"date or time stamp", "byline", "share, subscribe or promo prompt",
                                          "photo or source credit"}


def test_a_language_without_a_table_is_cleaned_by_structure_and_says_so():
    assert structure_only("ru") and not structure_only("de") and not structure_only(None)
    prose = ["Городской совет в понедельник решил отремонтировать дамбу до наступления зимы, сообщили в мэрии.",
             "Работы начнутся в октябре и продлятся до весны, сказала мэр города журналистам в понедельник."]
    raw = "\n".join(["Главная › Новости › Город", *prose, "12.03.2024", "var x = 1;"])
    body, _, removed = clean_text(raw, find_body=False)
    assert body.split("\n\n") == prose
    assert removed[0].text == "" and "no word rules for this text's language" in removed[0].reason
    # a language named by the caller is named in the note
    _, _, named = clean_text(raw, find_body=False, language="ru")
    assert "no word rules for language 'ru'" in named[0].reason
    assert {r.reason for r in removed[1:]} == {"navigation or breadcrumb", "date or time stamp", "script or style code"}


def test_the_table_is_told_by_function_words():
    from newsfuse.clean.words import table_language

    assert [table_language(PROSE[code] + " " + PROSE[code]) for code in ("de", "fr", "es")] == ["de", "fr", "es"]
    assert table_language("Городской совет в понедельник решил отремонтировать дамбу до наступления зимы, "
                          "сообщили в мэрии, работы начнутся в октябре.") is None
    assert table_language("Too short to tell.") == "en"
    # languages without a table, beside one that has (Portuguese and Spanish, Italian and French)
    for other in ("O conselho municipal decidiu na segunda-feira reparar o dique antes do inverno, segundo a "
                  "prefeitura. As obras começam em outubro e vão até a primavera.",
                  "Il consiglio comunale ha deciso lunedì di riparare la diga prima dell'inverno, secondo il "
                  "comune. I lavori inizieranno in ottobre e dureranno fino alla primavera.",
                  "De gemeenteraad heeft maandag besloten de dijk voor de winter te repareren, meldt het "
                  "stadhuis. De werkzaamheden beginnen in oktober en duren tot de lente."):
        assert table_language(other) is None, other


def test_english_text_gets_no_note():
    body, _, removed = clean_text("The council met on Monday and agreed to repair the barrier, officials said.\nShare")
    assert [r.reason for r in removed] == ["share, subscribe or promo prompt"]
