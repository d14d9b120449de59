"""`newsfuse eval plant` and `newsfuse eval discrepancies` on a hand-made story: the generator
plants one difference of each kind where both articles state the same value, never in the
date of a statement, and the evaluation finds what the finders report."""

import json
import random
from pathlib import Path

from newsfuse.evaluation.discrepancies import _date_values, held_out, plant
from tests.helpers import cli

FILLER = ("Volunteers handed out blankets and hot soup at the community hall through the night. "
          "Shops in the lower streets stayed closed while pumps drained the cellars. "
          "The regional water authority said engineers would inspect the breach once the level falls. ")
A = ("The Elsin river flooded 2,400 homes in Varnholm on Tuesday after the old barrier broke. "
     "Mayor Katrin Solvberg opened three shelters in schools on higher ground. " + FILLER * 4)
B = ("On Tuesday the Elsin river flooded 2,400 homes across Varnholm when the old barrier broke. "
     "Katrin Solvberg, the mayor, opened three shelters in local schools. " + FILLER.replace("night", "evening") * 4)


def _records(tmp_path: Path) -> Path:
    path = tmp_path / "story.jsonl"
    rows = [{"doc_id": "a", "story_id": "flood", "title": "Varnholm flood", "text": A, "source": "Coast Wire"},
            {"doc_id": "b", "story_id": "flood", "title": "Elsin floods Varnholm", "text": B, "source": "Radio Nord"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_plant_changes_one_value_of_one_article(tmp_path):
    items = {i["kind"]: i for i in plant([_records(tmp_path)], seed=3)}
    assert set(items) == {"control", "number", "date", "name"}
    assert [a["text"] for a in items["control"]["articles"]] == [A, B]
    for kind in ("number", "date", "name"):
        item = items[kind]
        p = item["planted"]
        changed = next(a for a in item["articles"] if a["id"] == p["article"])
        untouched = next(a for a in item["articles"] if a["id"] != p["article"])
        assert untouched["text"] in (A, B) and changed["text"] not in (A, B)
        original = A if changed["id"] == "a" else B
        assert changed["text"].replace(p["changed"], p["original"]) == original, kind
    assert items["number"]["planted"]["original"] == "2,400" and items["number"]["planted"]["changed"] == "3,840"
    assert items["date"]["planted"]["original"] == "Tuesday"
    assert items["name"]["planted"]["original"] in ("Katrin", "Solvberg")


def test_dates_of_statements_are_never_planted():
    rng = random.Random(0)
    assert _date_values("Donald Trump said Monday he hopes the bill will pass.", rng) == []
    assert _date_values("He told White House reporters on Friday that he would sign.", rng) == []
    assert _date_values("Prosecutors announced Tuesday that the couple was indicted.", rng) == []
    assert [old for old, _ in _date_values("The barrier, completed in 2011, broke on Tuesday.", rng)] == ["2011",
                                                                                                        "Tuesday"]


def test_the_held_out_part_is_fixed():
    stories = [f"story {k}" for k in range(400)]
    part = [s for s in stories if held_out(s)]
    assert 60 < len(part) < 140 and part == [s for s in stories if held_out(s)]


def test_eval_discrepancies_end_to_end(tmp_path):
    data = tmp_path / "items.jsonl"
    made = cli("eval", "plant", "--from", _records(tmp_path), "-o", data, "--seed", "3")
    assert made.exit_code == 0 and "1 number, 1 date, 1 name, 1 control" in made.stderr
    r = cli("eval", "discrepancies", "--data", data, "--json")
    assert r.exit_code == 0, r.stderr
    result = json.loads(r.stdout)
    assert set(result["kinds"]) == {"number", "date", "name"}
    assert result["kinds"]["number"] == {"items": 1, "found": 1, "recall": 1.0}  # 2,400 against 3,840 homes
    assert result["controls"]["stories"] == 1 and result["controls"]["discrepancies"] == 0
    assert set(result["held_out"]) >= {"kinds", "entity_merge", "controls"}
    table = cli("eval", "discrepancies", "--data", data, "--show", "missed")
    missed = [k for k, m in result["kinds"].items() if m["found"] < m["items"]]
    assert all(f":{k}" in table.stdout for k in missed)
