import pytest

from newsfuse.segment import split_sentences

CASES = [
    ("The U.S. military left on Sept. 11. Officials said so.", 2),
    ("Mr. Smith met Dr. Jones at 3 p.m. on Monday. They talked.", 2),
    ("Troops left by Sept. 11, the Pentagon said. Others stayed.", 2),
    ("“The Taliban cut off all the roads,” he told Reuters on Monday. He left.", 2),
    ("Shares rose 3.5% to $1.2 billion. Analysts cheered.", 2),
    ("Gov. Gavin Newsom and Sen. J. D. Vance spoke in Washington, D.C. on Tuesday.", 1),
    ("The Jan. 6 committee met. It adjourned at 5 p.m. Tuesday.", 2),
    ('"Are you sure?" she asked. "Yes!" he said.', 2),
    ("Lt. Col. Smith arrived. St. Louis welcomed him.", 2),
    ("It happened in the U.K. The prime minister spoke.", 2),
    ("The No. 2 official, Gen. Mark A. Milley, said it was fine. He left Feb. 3.", 2),
    ("Acme Inc. said profits fell. Its chief resigned.", 2),
]


@pytest.mark.parametrize("text,n", CASES)
def test_news_abbreviations(text, n):
    assert len(split_sentences(text)) == n, split_sentences(text)


def test_split_keeps_every_character():
    text = "First one.  Second one! Third? “Fourth,” he said. Last"
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


def test_empty():
    assert split_sentences("   ") == []


def test_lowercased_text_splits_too():
    text = ("voters in 11 states will pick their governors tonight, and republicans appear on track. "
            "the u.s. senate is not up. mr. smith said so at 5 p.m. tuesday. j. d. vance agreed.")
    assert split_sentences(text) == [
        "voters in 11 states will pick their governors tonight, and republicans appear on track.",
        "the u.s. senate is not up.", "mr. smith said so at 5 p.m. tuesday.", "j. d. vance agreed."]


@pytest.mark.parametrize("text,pieces", [
    # paragraphs a scraper joined without a space
    ("She is due in court on Dec. 26.Cosme allegedly hurt them.",
     ["She is due in court on Dec. 26.", "Cosme allegedly hurt them."]),
    ("Five counts, police said.In an email, she declined.", ["Five counts, police said.", "In an email, she declined."]),
    ("authorities said.A second woman was charged.", ["authorities said.", "A second woman was charged."]),
    # a title, a dotted name or a web address is not a joined paragraph
    ("Mr.Smith came to St.Louis on Monday.", ["Mr.Smith came to St.Louis on Monday."]),
    ("The U.S.Army and Amazon.Com agreed.", ["The U.S.Army and Amazon.Com agreed."]),
])
def test_paragraphs_joined_without_a_space_split(text, pieces):
    assert split_sentences(text) == pieces
