"""Faults while serving (issue 5): the last good state keeps serving, the error is logged, and no
secret reaches the log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx

from tests.reloading import Copy, poll, shares
from tests.support import AUTH, BALANCED

SECRET = "s3cret-token-from-tokens-json-0123456789"


def test_deleting_the_fixture_folder_keeps_the_last_good_set_serving(served: Copy) -> None:
    copy = served
    assert shares(copy.url) == [50.0, 50.0]
    shutil.rmtree(copy.fixtures)
    # Poll for this refusal, not any: a reload may first see the folder half deleted.
    poll(lambda: "[fixtures:directory]" in copy.log_text(), "the refusal is logged")
    assert "reload refused" in copy.log_text()
    for _ in range(20):
        assert shares(copy.url) == [50.0, 50.0]
    # ...and when the folder comes back, edits are picked up again.
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures", copy.fixtures)
    copy.edit_fixture("balanced-pair", lambda d: d["response"]["body"]["speakers"][0]
                      .__setitem__("meeting_speaking_percentage", 45.0))
    poll(lambda: shares(copy.url) == [45.0, 50.0], "the recreated folder is served")


def test_a_bad_tokens_file_is_refused_without_printing_any_token(served: Copy) -> None:
    copy = served
    tokens = copy.fixtures / "tokens.json"
    tokens.write_text(json.dumps({"tokens": [{"token": "meetra-dev-token"},
                                             {"token": SECRET + " with a space"},
                                             {"token": SECRET, "scope": "admin"}]}))
    poll(lambda: "tokens.json: $.tokens[2]: [format:additionalProperties]" in copy.log_text(),
         "the refusal is logged")  # not any refusal: a reload may see the file half written
    response = httpx.get(f"{copy.url}/speakers-balance?file-hash={BALANCED}", headers=AUTH)
    assert response.status_code == 200
    httpx.get(f"{copy.url}/speakers-balance?file-hash={BALANCED}",
              headers={"Authorization": f"Bearer {SECRET}"})
    log = copy.log_text()
    assert "tokens.json: $.tokens[1].token: [format:pattern]" in log
    assert "tokens.json: $.tokens[2]: [format:additionalProperties]" in log
    assert SECRET not in log
