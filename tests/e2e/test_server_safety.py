"""`newsfuse serve` as a user runs it on the bundled example's store (tests/integration/test_server_safety.py
has the paged store through FastAPI's test client): its URL said when it answers, other sites refused."""

from tests.integration.test_server_safety import TEXT


def test_serve_says_its_url_when_it_answers_and_refuses_other_sites(example_store, tmp_path):
    """`newsfuse serve` as a user runs it: the line with the URL comes once the URL answers;
    a forged Host and a forged Origin get their refusals from the real server."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import httpx

    from tests.conftest import free_port

    shutil.copy(example_store, tmp_path / "s.db")
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "newsfuse"), "serve", "--store", str(tmp_path / "s.db"),
                             "--port", str(port), "--set", "analyse.enabled=false"],
                            stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        while not any("serving" in line for line in lines):
            line = proc.stderr.readline()
            assert line, f"newsfuse serve stopped: {''.join(lines)}"
            lines.append(line)
        base = f"http://127.0.0.1:{port}"
        assert f"on {base}/" in lines[-1]
        assert httpx.get(base + "/health", timeout=2).text == "ok"  # at once: no retry
        assert httpx.get(base + "/api/stories", headers={"Host": "evil.example.com"}).status_code == 400
        r = httpx.post(base + "/api/articles", content=TEXT,
                       headers={"Origin": "http://evil.example.com", "content-type": "text/plain"})
        assert r.status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
