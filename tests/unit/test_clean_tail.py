"""The page-tail cut (issue 28): a list of short lines inside the body never takes the
paragraphs after it with it; a real tail (other stories, footer) is still cut."""

import pytest

from newsfuse.clean import clean_text

OPENING = [
    "The national coach named his squad for the two qualifying matches on Thursday, keeping faith "
    "with most of the players who reached the semi-final of the last tournament.",
    "Three uncapped players were called up after strong seasons with their clubs, while the veteran "
    "captain returns from the knee injury that kept him out of the autumn fixtures.",
    "The coach said the group was the strongest he had been able to pick since he took the job, and "
    "that competition for places in midfield had never been so fierce.",
    "Both opponents beat the team in the last campaign, and a draw in either match would leave "
    "qualification out of its own hands for the third time in a row.",
    "The federation has also confirmed that the training camp will move to the north of the country "
    "this year, where the pitches are in better condition after the long winter.",
    "Supporters had called for changes after a poor run of friendlies, but the coach said he trusted "
    "the players who had carried the team through the hardest part of the last campaign.",
    "The squad:",
]
# eight short name lines; "Name (Club)" lines of capitalised words read as navigation to the line rules
TEAM = [
    "Manuel Holm (Nordvik United)",
    "Peter Lund (Varnholm City)",
    "Jonas Berg (Eastport Rovers)",
    "Erik Sand (Nordvik United)",
    "Lars Dahl (Westby Athletic)",
    "Tomas Vik (Varnholm City)",
    "Anders Moe (Eastport Rovers)",
    "Henrik Strand (Westby Athletic)",
]
CLOSING = [
    "The first match is in the capital on Saturday evening, and the coach said he expected a "
    "difficult game against a side that has not lost at home for two years.",
    "He added that the young players had earned their place and would get their chance, though "
    "he would not name his starting eleven until the morning of the match.",
    "Tickets for both games sold out within hours, and the federation said a big screen would be "
    "put up in the main square for supporters who could not get into the stadium.",
]

BOOK_OPENING = [
    "Her new novel follows three sisters who return to their childhood home on the coast after "
    "their mother's death, and finds in their quarrels a portrait of a whole generation.",
    "It is the most ambitious book she has written, and in places the most moving, even if the "
    "middle section drags under the weight of its family history.",
    "The eldest sister, a surgeon who has not been home in twenty years, carries most of the story, "
    "and her chapters are the best things in it: precise, dry and often very funny.",
    "The youngest is harder to love, and the novel knows it, letting her grievances run on for pages "
    "before it shows how much of them the others had earned.",
]
# "Key: value" details; the publication date is a date line to the line rules
DETAILS = [
    "Title: The Salt House",
    "Author: Maria Eklund",
    "Publisher: Harbour Books",
    "Published: 12 March 2019",
    "Pages: 320",
    "Format: Hardback",
    "Price: 24.99",
    "ISBN: 978-1-2345-6789-0",
]
BOOK_CLOSING = [
    "The author will read from the novel at the city library next month, and the publisher says a "
    "paperback edition with a new afterword will follow in the spring.",
    "Readers who loved her first book will find the same patience here, and a sharper eye for the "
    "small cruelties that families inflict on each other without meaning to.",
]

RELATED = [
    "Related stories",
    "Storm closes coastal road for second day",
    "Council approves new harbour bridge plan",
    "Ferry timetable changes from next week",
    "Local school wins national science prize",
    "Fishing quota talks break down again",
    "Museum reopens after two year renovation",
    "Police appeal for witnesses after harbour fire",
    "New cycle lanes divide opinion in the old town",
    "Hospital waiting times fall for first time in years",
    "Rail strike called off after late night talks",
    "Most read",
    "Winter festival returns with record crowds",
    "Airport expansion plans go out to consultation",
    "Home News Sport Business Culture Weather",
    "Contact Us",
    "Share this article",
    "Follow us on Twitter",
    "Privacy Policy",
    "Terms of Service",
    "Copyright 2024 Nordvik Daily News",
]


def kept(raw: str, find_body: bool) -> str:
    return clean_text(raw, find_body=find_body)[0]


@pytest.mark.parametrize("find_body", [False, True])
def test_team_list_inside_body_keeps_the_prose_after_it(find_body):
    body = kept("\n".join(OPENING + TEAM + CLOSING + RELATED), find_body)
    for paragraph in OPENING[:-1] + CLOSING:
        assert paragraph in body
    assert not any(line in body for line in RELATED[:16])


@pytest.mark.parametrize("find_body", [False, True])
def test_details_list_keeps_the_closing_paragraphs(find_body):
    body = kept("\n".join(BOOK_OPENING + DETAILS + BOOK_CLOSING + RELATED), find_body)
    for paragraph in BOOK_OPENING + BOOK_CLOSING:
        assert paragraph in body
    assert not any(line in body for line in RELATED[:16])


@pytest.mark.parametrize("find_body", [False, True])
def test_related_stories_and_footer_are_still_cut(find_body):
    article = OPENING[:-1] + CLOSING
    body = kept("\n".join(article + RELATED), find_body)
    for paragraph in article:
        assert paragraph in body
    for line in RELATED:
        assert line not in body
