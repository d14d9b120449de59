import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean, clean_text, classify_line, repair_glued_links
from newsfuse.inputs import read


def words(text):
    return re.findall(r"\w+", text)


def test_glued_related_link_text_is_cut():
    raw = ("Rakhmon also reportedly spoke with Russian President Vladimir PutinVladimir Vladimirovich "
           "PutinPutin blasts cancel culture, calls gender fluidity 'crime against humanity' Russia breaks "
           "daily COVID-19 infections, death record US, allied nations force REvil ransomware group offline: "
           "report MORE on Monday, who said Moscow would support Tajikistan.")
    fixed, removed = repair_glued_links(raw)
    assert fixed == ("Rakhmon also reportedly spoke with Russian President Vladimir Putin on Monday, "
                     "who said Moscow would support Tajikistan.")
    assert removed[0].reason == "related-link text glued into a sentence"


def test_possessive_after_glued_link():
    fixed, _ = repair_glued_links("part of President BidenJoe BidenHow 'Buy American' can help MORE's goal.")
    assert fixed == "part of President Biden's goal."


def test_ordinary_camel_case_is_left_alone():
    text = "The iPhone maker and McDonald's said MORE jobs would come to YouTube and PayPal."
    assert repair_glued_links(text)[0] == text


def test_line_rules():
    assert classify_line("Home News Local Weather Sport Business Opinion") == "navigation or breadcrumb"
    assert classify_line("News › Local › Varnholm") == "navigation or breadcrumb"
    assert classify_line("Share this article") is not None
    assert classify_line("2 min read") is not None
    assert classify_line("Updated 05 Dec, 2024") == "date or time stamp"
    assert classify_line("Map courtesy: AFP") == "photo or source credit"
    assert classify_line("By Maren Holt") == "byline"
    assert classify_line("Reporting by Ola Strand; Editing by Ines Dahl") == "byline"
    # a caption printed into the text, however long its words after the marker
    assert classify_line("Image copyright AFP Image caption Ancient family manuscripts have been handed down "
                         "from generation to generation in the city's libraries") == "photo caption"
    assert classify_line("Media playback is unsupported on your device") == "photo caption"
    # a caption glued to a whole text in one line: the text is kept
    assert classify_line("Image copyright afp image caption protesters marched " + "and the police watched " * 20) \
        is None
    # teasers for another site's story, and "liked it?" prompts
    assert classify_line("Also on rt.com Journalists threatened with sedition arrests") is not None
    assert classify_line("Like this story? Share it with a friend!") is not None
    # a named account's social prompt, a share bar glued to a caption, a related link's headline,
    # a Twitter embed's notice, a reporter's contact line, a credit in brackets (scraped US pages)
    for furniture in [
        "Like WTOP on Facebook and follow @WTOP on Twitter to engage in conversation about this article and others.",
        "Follow A. Pawlowski on Facebook, Instagram and Twitter.",
        "Follow NBC News Investigations on Twitter and Facebook",
        "Facebook Twitter Pinterest Matt Damon attends a screening in New York.",
        "Peter Jackson: I blacklisted Ashley Judd and Mira Sorvino under pressure from Weinstein Read more",
        "When you tweet with a location, Twitter stores that location.",
        "To reach Tony Rizzo, call 816-234-4435 or send email to trizzo@kcstar.com.",
        "(Image: Getty)",
        "(Credit: Screen shot by Greg Sandoval/CNET)",
    ]:
        assert classify_line(furniture) is not None, furniture
    for body in [
        "Also on Monday, the council voted to rebuild the barrier.",
        "He said he would not like this story to be the last word.",
        "Mayor Katrin Sølvberg said the council had declared a state of emergency.",
        "By Tuesday night the river had broken through the barrier, officials said.",
        "Share prices fell 3% on Monday after the announcement.",
        "Image quality and copyright law were on the agenda.",
        "Like many users on Facebook, she deleted her account after the leak.",
        "Follow-up talks on Twitter's future are planned for Monday.",
        "Facebook, Twitter and YouTube removed the video on Monday.",
        "He said he would read more of the reports before deciding.",
        "To reach the summit, climbers need three days and a permit.",
        "Sales rose 5% (source: company filings).",
        "(Source: War Letters: Extraordinary Correspondence from American Wars.)",
    ]:
        assert classify_line(body) is None, body


def test_truncated_teaser_needs_teaser_context():
    body = "The council met on Monday and agreed to repair the barrier, officials said."
    teaser = "IN the view of one learned judge of the court, parliament holds the..."
    _, _, removed = clean_text(f"{body}\nHolding the key\n{teaser}\nNew low\n{body} Again.")
    assert any(r.text == teaser and "teaser" in r.reason for r in removed)
    kept, _, _ = clean_text(f"{body}\nNot to get too Albert Einstein on you, but the plan was simple...\n{body} Again.")
    assert "Albert Einstein" in kept


def test_a_long_paragraph_ending_in_an_ellipsis_is_no_teaser():
    """A blog post's own paragraph may trail off ("... with this fall cake…") beside its
    headline; a teaser is a sentence or two, so one this long stays."""
    post = ("Here is a fall wedding cake you could make at home. It is just a simple tiered cake covered "
            "with buttercream frosting and then decorated with rows of sliced almonds. We used sliced almonds "
            "without the skins to keep it more toward white and subtle, but the ones with the skins would "
            "add texture. And then, just for fun, I made a little board of other weddings to pair this cake with…")
    kept, _, removed = clean_text(f"Almond Fall Wedding Cake\n{post}", find_body=False)
    assert post in kept and not any("teaser" in r.reason for r in removed)


def test_lines_printed_three_times_are_structure_not_duplicates():
    q = "What inspired you to start cooking?"
    text = "\n".join(f"{q}\nAnswer number {i} is a full sentence about food and family." for i in range(3))
    body, _, _ = clean_text("Intro sentence about the series of interviews here.\n" + text)
    assert body.count(q) == 3


def test_example_noise_removed_and_body_kept(example_dir):
    by_id = {a.id: clean(a) for a in read([example_dir]).articles}
    ledger = by_id["northern-ledger"]
    assert ledger.title == "Varnholm evacuates 2,400 residents as Elsin river breaks flood barrier"
    for noise in ["Home News Local", "By Maren Holt", "Published 14 March", "Rescue boats on Harbour Street",
                  "Share this article", "newsletter", "Harbour tram project", "All rights reserved"]:
        assert noise not in ledger.text, noise
    assert {r.reason for r in ledger.removed} >= {
        "navigation or breadcrumb", "byline", "photo caption (printed twice, with a credit)"}
    assert "38 million euros" in ledger.text
    today = by_id["varnholm-today"]
    assert "Mayor Katrin Solvberg said on Wednesday that the council" in today.text
    assert "MORE" not in today.text and "Download our app" not in today.text
    radio = by_id["radio-nord"]
    assert radio.title == "About 3,000 people flee Varnholm floods"
    assert "podcast" not in radio.text.lower() and "Radio Nord Morning" not in radio.text
    html = by_id["baltic-morning-post"]
    assert html.source == "Baltic Morning Post" and html.published == "2026-03-14"
    assert "Most read" not in html.text and "Ferry timetable" not in html.text
    assert any("Ferry timetable" in r.text for r in html.removed)
    assert "completed in 2012" in html.text


def test_afghan_boilerplate_removed_body_kept(afghan_dir):
    by_id = {a.id[:3]: clean(a) for a in read([afghan_dir]).articles}
    all_text = "\n".join(a.text for a in by_id.values())
    for noise in ["Map courtesy", "Failed martial law", "Appetite for non-democratic", "Editor's Picks",
                  "© Getty Images", "Vladimirovich", "cancel culture", "Buy American", "Download our apps",
                  "Listen to our podcasts", "By subscribing", "SBS World News", "Source: AAP",
                  "sit at a bridge next to", "pause on a road"]:
        assert noise not in all_text, noise
    for body in ["1,037 Afghan servicemen fled across the border",
                 "Peace talks between the two sides remain inconclusive.",
                 "Russian President Vladimir Putin on Monday, who said",
                 "pulled form the country", "drug trafficking",
                 "In total, nearly 1,600 soldiers have crossed the border.",
                 "However, he emphasised that Russian troops would not be deployed to Afghanistan."]:
        assert body in all_text, body
    # the standfirst printed twice in the SBS article is kept once
    assert by_id["004"].text.count("have been crossing the border to escape the Taliban") == 1


text_lines = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=120),
        st.sampled_from(["Share", "Home News Sport World", "By Ann Lee", "05 Dec, 2024", "© AFP",
                         "Photo: AP", "More stories", "Name SurnameName Surname Headline here MORE said"]),
        st.from_regex(r"[A-Z][a-z]+( [a-z]+){3,12}\.", fullmatch=True),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_lines)
def test_cleaning_only_deletes(lines):
    raw = "\n".join(lines)
    body, title, removed = clean_text(raw)
    source_words = set(words(raw))
    assert set(words(body)) <= source_words
    if title:
        assert set(words(title)) <= source_words


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_html_cleaning_never_crashes(data):
    from newsfuse.model import Article

    article = Article(id="x", raw=data.decode("latin-1"), format="html")
    cleaned = clean(article)
    assert isinstance(cleaned.text, str)
    assert article.text == "" and article.removed == ()  # the input is never changed


def test_large_scrape_is_cleaned_in_linear_time():
    """Megabytes of text with many repeated caption-like lines finish (a pairwise pass never did)."""
    block = ("The council met on Monday to discuss the flood barrier and its repair.\n"
             "Rescue boats on Harbour Street on Wednesday morning.\nShare\n05 Dec, 2024\n")
    raw = "".join(f"Paragraph {i} says the river rose again overnight, officials said.\n{block}"
                  for i in range(20_000))
    assert len(raw) > 3_500_000
    body, _, removed = clean_text(raw)
    assert "Paragraph 19999 says" in body and "Paragraph 10000 says" in body
    assert "\nShare\n" not in body and "05 Dec, 2024" not in body


def test_same_html_twice_gives_the_same_text():
    """Two outlets running the same wire copy must both keep it (no cross-document dedup cache)."""
    from newsfuse.model import Article

    paragraphs = "".join(f"<p>Paragraph {i} of the wire report says the river rose again overnight "
                         f"and officials ordered more evacuations in the harbour district.</p>" for i in range(8))
    page = f"<html><body><article><h1>Wire report</h1>{paragraphs}</article></body></html>"
    first = clean(Article(id="a", raw=page, format="html")).text
    second = clean(Article(id="b", raw=page, format="html")).text
    assert first and first == second


def _page_with_linked_sentence():
    sentence = ('<p>Jason La Canfora has reported that <a href="/x"><span class="icon"></span></a>'
                '<a href="/nfl/fine">the NFL will fine Rudolph</a><span class="sep"></span> for his role in the '
                'fight, a decision expected later this week after the league reviews the video.</p>'
                # the precise mode drops a link wrapped in a "link" span, text and all
                '<p>The league also said that <span class="link"><a href="/nfl/move">the rematch moves to 1 p.m.'
                '</a></span> in Pittsburgh, after talks with both clubs and the broadcaster on Monday.</p>')
    story = "".join(f"<p>Paragraph {i} of the story describes the brawl on Thursday night in Cleveland "
                    f"and what each of the {i + 3} players involved said afterwards.</p>" for i in range(6))
    return (f"<html><body><nav><a href='/'>Home</a> <a href='/nfl'>NFL</a> <a href='/nba'>NBA</a></nav>"
            f"<article><h1>Rudolph to be fined</h1>{story[:400]}{sentence}{story[400:]}</article>"
            f"<footer><p>Copyright 2019 Example Sports Media. All rights reserved.</p></footer></body></html>")


def test_a_sentence_holding_a_link_is_kept_whole():
    """trafilatura's precise mode deleted the text after an empty element ("...fine Rudolph"
    then nothing): a kept block must be kept entire, its link text and what follows it included."""
    from newsfuse.clean.html import visible_blocks
    from newsfuse.model import Article

    page = _page_with_linked_sentence()
    cleaned = clean(Article(id="a", raw=page, format="html"))
    whole = ("Jason La Canfora has reported that the NFL will fine Rudolph for his role in the fight, a decision "
             "expected later this week after the league reviews the video.")
    assert whole in cleaned.text.splitlines()
    assert ("The league also said that the rematch moves to 1 p.m. in Pittsburgh, after talks with both clubs "
            "and the broadcaster on Monday.") in cleaned.text.splitlines()
    # the record is true: what it lists as left out is not in the text, and every visible
    # block of the page is either in the text or in the record
    left_out = [r.text for r in cleaned.removed if "HTML extraction" in r.reason]
    assert "Home NFL NBA" in left_out and not any(r in cleaned.text for r in left_out)
    recorded = {r.text for r in cleaned.removed}
    for block in visible_blocks(page):
        assert block in cleaned.text or block in recorded or block == cleaned.title, block


def test_the_removal_record_lists_only_what_is_missing():
    """A block kept with pieces cut out is recorded as its missing pieces, not as a whole
    block removed; a block kept with other spacing is not recorded; a block left out is."""
    from newsfuse.clean.html import _html_removals

    block = "The council voted on Monday to rebuild the sea wall before the winter storms arrive."
    kept = "The council voted on Monday to rebuild the sea wall before the storms arrive."
    other = "Subscribe to our newsletter for the latest local news and offers every week."
    removals = _html_removals([block, "Senate resolves to:Observe a minute silence.", other],
                              kept + "\nSenate resolves to: Observe a minute silence.")
    assert [(r.text, r.reason) for r in removals] == [
        ("winter", "part of a block left out (HTML extraction)"),
        (other, "not main content (HTML extraction)")]


def test_the_extraction_two_others_agree_with_wins():
    """A short precise extraction gets a second opinion: the text two extractors agree on
    outvotes a fragment, and a page of links loses to the article inside it."""
    from newsfuse.clean.html import most_agreed

    article = " ".join(f"Sentence {i} of the article reports what the harbour authority decided on the "
                       f"sea wall and the ferries." for i in range(30))
    links = " ".join(f"Related story number {i} about something else entirely" for i in range(60))
    fragment = "Sentence 0 of the article reports"
    assert most_agreed([fragment, article, article + " Share this story."]) == article
    assert most_agreed([fragment, article, article + " " + links]) == article
    # a precise extraction the others confirm is kept, however short
    assert most_agreed([article, article + " Share this story.", links]) == article
    assert most_agreed(["", "", ""]) == ""


def test_a_page_whose_precise_extraction_keeps_little_is_rescued(monkeypatch):
    """When the precise extraction keeps a fraction of a long page, trafilatura's default mode
    and readability are asked too, and the text they agree on is the article."""
    from newsfuse.clean import html as html_cleaner
    from newsfuse.model import Article

    real = html_cleaner._extract
    monkeypatch.setattr(html_cleaner, "_extract",
                        lambda tree, favor_precision, with_metadata=False:
                        "Rudolph to be fined" if favor_precision else real(tree, False))
    page = _page_with_linked_sentence()
    cleaned = clean(Article(id="a", raw=page, format="html"))
    assert "for his role in the fight" in cleaned.text and "Paragraph 5 of the story" in cleaned.text
    assert "Copyright 2019" not in cleaned.text


def test_a_page_whose_precise_extraction_is_empty_gets_readabilitys_article(monkeypatch):
    """The precise pass keeps nothing, the default pass keeps a list of links that shares no
    words with readability's article: the article wins (the tie at zero went to the empty text)."""
    from newsfuse.clean import html as html_cleaner
    from newsfuse.model import Article

    paragraphs = [f"Paragraph {i} of the inquiry report says the harbour authority ignored {i + 2} warnings "
                  f"about the sea wall before the storm." for i in range(6)]
    links = "\n".join(f"- Celebrity item {i} introduces a new line of shoes" for i in range(8))
    page = ("<html><body><div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div><ul>"
            + "".join(f"<li>{x}</li>" for x in links.split("\n")) + "</ul>"
            + "<footer>" + "Site map and legal notices. " * 60 + "</footer></body></html>")
    monkeypatch.setattr(html_cleaner, "_extract",
                        lambda tree, favor_precision, with_metadata=False: "" if favor_precision else links)
    monkeypatch.setattr(html_cleaner, "_readability", lambda tree: "\n".join(paragraphs))
    cleaned = clean(Article(id="a", raw=page, format="html"))
    assert "Paragraph 0 of the inquiry" in cleaned.text and "Paragraph 5 of the inquiry" in cleaned.text
    assert "Celebrity item" not in cleaned.text


def test_a_precise_extraction_that_stops_short_is_extended(monkeypatch):
    """More article-like prose left out than kept: readability's extraction is taken when it
    holds the precise one and half as much again; a longer one that does not hold it is not."""
    from newsfuse.clean import html as html_cleaner
    from newsfuse.model import Article

    paragraphs = [f"Paragraph {i} of the inquiry report says the harbour authority ignored {i + 2} warnings "
                  f"about the sea wall before the storm, according to documents seen by reporters." for i in range(8)]
    page = ("<html><body><article><h1>Sea wall inquiry</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>")
    first_two = "\n".join(paragraphs[:2])
    monkeypatch.setattr(html_cleaner, "_extract", lambda tree, favor_precision, with_metadata=False: first_two)
    cleaned = clean(Article(id="a", raw=page, format="html"))
    assert "Paragraph 7 of the inquiry" in cleaned.text and "Paragraph 0 of the inquiry" in cleaned.text
    assert not any("Paragraph 7" in r.text for r in cleaned.removed)  # the record follows the text kept
    # readability's text does not hold the precise one: the precise one stays
    monkeypatch.setattr(html_cleaner, "_readability", lambda raw: "\n".join(p.upper() for p in paragraphs * 2))
    kept = clean(Article(id="b", raw=page, format="html"))
    assert "Paragraph 7 of the inquiry" not in kept.text and "Paragraph 1 of the inquiry" in kept.text


def _outlet_article(i, body, source="Daily Planet", extra=""):
    from newsfuse.model import Article

    text = f"{body}\n\nSign up for the Daily Planet newsletter and never miss a story from our team.\n\n{extra}"
    return Article(id=f"a{i}", raw=text, format="text", source=source, text=text)


def test_site_template_lines_are_removed_across_stories():
    from newsfuse.clean import remove_templates

    bodies = ["The mayor opened the new bridge on Monday after two years of work.",
              "Floods closed the coastal railway for a week, the operator said.",
              "The city council voted to raise parking fees from next spring.",
              "A new school will open in the harbour district in September."]
    articles = remove_templates([_outlet_article(i, b) for i, b in enumerate(bodies)])
    for a, b in zip(articles, bodies):
        assert a.text.strip() == b
        assert any("site template" in r.reason for r in a.removed)


def test_updates_of_one_story_keep_their_shared_sentences():
    from newsfuse.clean import remove_templates

    lead = "The river broke through the flood barrier on Tuesday night, the rescue service said."
    articles = [_outlet_article(i, lead, extra=f"Update {i}: more residents of the harbour district were "
                                                f"evacuated overnight as the river kept rising.") for i in range(4)]
    articles = remove_templates(articles)
    assert all(lead in a.text for a in articles)


def test_templates_need_the_same_outlet():
    from newsfuse.clean import remove_templates

    articles = [_outlet_article(i, f"Story {i} is about something else entirely, officials said.",
                                source=f"Outlet {i}") for i in range(4)]
    assert all("newsletter" in a.text for a in remove_templates(articles))


def test_identical_copies_are_not_a_template():
    from newsfuse.clean import remove_templates

    text = "The bridge reopened on Friday after repairs, the city said. Traffic was light."
    articles = remove_templates([_outlet_article(i, text) for i in range(4)])
    assert all(text in a.text for a in articles)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(st.sampled_from("abcdefghij"), max_size=6), max_size=12),
       st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]))
def test_story_versions_equal_all_pairs(word_sets, overlap):
    """The prefix-filtered join groups exactly as comparing every pair does."""
    from scipy.cluster.hierarchy import DisjointSet

    from newsfuse.clean.templates import _story_versions

    brute = DisjointSet(range(len(word_sets)))
    for i, a in enumerate(word_sets):
        for j in range(i + 1, len(word_sets)):
            union = len(a | word_sets[j])
            if union and len(a & word_sets[j]) >= overlap * union:
                brute.merge(i, j)
    labels = _story_versions(word_sets, overlap)
    same = {(i, j) for i in range(len(word_sets)) for j in range(len(word_sets)) if labels[i] == labels[j]}
    assert same == {(i, j) for i in range(len(word_sets)) for j in range(len(word_sets)) if brute.connected(i, j)}
