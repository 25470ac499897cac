"""The LLM grader against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from backprep.grading.base import GraderError, Verdict
from backprep.grading.llm import InvalidReply, LLMGrader, locate, parse_reply
from backprep.grading.registry import semantic_installed

from .conftest import EXCELLENT_N_PLUS_ONE

#: The local grader an LLM failure falls back to: the best one installed.
LOCAL = "semantic" if semantic_installed() else "lexical"


class FakeLLM:
    """What the next request gets back: a reply body, a status, and an optional delay."""

    def __init__(self) -> None:
        self.content: str = ""
        self.status = 200
        self.raw: bytes | None = None
        self.delay = 0.0
        self.requests: list[dict] = []
        self.headers: list[dict] = []


def _completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}],
        }
    ).encode()


@pytest.fixture
def fake() -> Iterator[tuple[FakeLLM, str]]:
    state = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(json.loads(self.rfile.read(length)))
            state.headers.append(dict(self.headers))
            if state.delay:
                time.sleep(state.delay)
            body = state.raw if state.raw is not None else _completion(state.content)
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _reply(verdicts_and_quotes):
    return json.dumps(
        {
            "points": [
                {"index": i, "verdict": v, "evidence": q}
                for i, (v, q) in enumerate(verdicts_and_quotes)
            ]
        }
    )


def test_success_computes_the_score_from_the_rubric_weights(fake, n_plus_one):
    state, url = fake
    # weights 3, 1, 2, 2, 1: covered + partial + missed + covered + missed = (3 + 0.5 + 2) / 9
    state.content = _reply(
        [
            ("covered", "it runs one extra query per row"),
            ("partial", "the SQL log"),
            ("missed", ""),
            ("covered", "this quote is not in the answer"),
            ("missed", ""),
        ]
    )
    grader = LLMGrader(base_url=url, model="fake-model", api_key="sk-test", timeout=5)
    result = grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.grader == "llm"
    assert result.notes == ()
    assert result.score == round(5 * 5.5 / 9, 1) == 3.1
    assert [p.verdict for p in result.points] == [
        Verdict.COVERED,
        Verdict.PARTIAL,
        Verdict.MISSED,
        Verdict.COVERED,
        Verdict.MISSED,
    ]
    first = result.points[0].evidence[0]
    assert EXCELLENT_N_PLUS_ONE[first.start : first.end] == "it runs one extra query per row"
    assert result.points[3].evidence == ()  # a quote that is not in the answer is ignored
    assert "You missed: fix a to-one relation" in result.feedback
    request = state.requests[0]
    assert request["model"] == "fake-model"
    assert request["messages"][0]["role"] == "system"
    assert EXCELLENT_N_PLUS_ONE in request["messages"][1]["content"]
    assert state.headers[0]["Authorization"] == "Bearer sk-test"


def test_a_fenced_json_reply_is_accepted(fake, n_plus_one):
    state, url = fake
    state.content = "```json\n" + _reply([("covered", "")] * 5) + "\n```"
    result = LLMGrader(base_url=url, model="m", timeout=5).grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.score == 5.0
    assert result.notes == ()


@pytest.mark.parametrize(
    "content",
    [
        "I think the answer is good!",
        json.dumps({"points": [{"index": 0, "verdict": "covered", "evidence": ""}]}),
        _reply([("covered", "")] * 4 + [("great", "")]),
        json.dumps({"points": [{"index": 0, "verdict": "covered", "evidence": ""}] * 5}),
    ],
    ids=["prose", "too-few-points", "bad-verdict", "repeated-index"],
)
def test_malformed_reply_falls_back_to_the_local_grader_with_a_note(fake, n_plus_one, content):
    state, url = fake
    state.content = content
    result = LLMGrader(base_url=url, model="m", timeout=5).grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.grader == LOCAL
    assert result.notes == ("LLM grader returned an invalid reply; graded locally",)
    assert result.score >= 4.0


def test_the_fallback_is_the_best_local_grader_unless_one_is_named():
    assert LLMGrader(base_url="http://127.0.0.1:9", model="m").fallback == LOCAL
    named = LLMGrader(base_url="http://127.0.0.1:9", model="m", fallback="lexical")
    assert named.fallback == "lexical"


def test_a_reply_that_is_not_a_chat_completion_falls_back(fake, n_plus_one):
    state, url = fake
    state.raw = b"<html>bad gateway</html>"
    result = LLMGrader(base_url=url, model="m", timeout=5).grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.notes == ("LLM grader returned an invalid reply; graded locally",)


def test_timeout_falls_back_with_a_note(fake, n_plus_one):
    state, url = fake
    state.delay = 1.5
    state.content = _reply([("covered", "")] * 5)
    started = time.perf_counter()
    grader = LLMGrader(base_url=url, model="m", timeout=0.3, fallback="lexical")
    result = grader.grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert time.perf_counter() - started < 1.4  # the 1.5 s reply was not waited for
    assert result.grader == "lexical"
    assert result.notes == ("LLM grader timed out; graded locally",)


def test_http_error_falls_back_with_a_note(fake, n_plus_one):
    state, url = fake
    state.status = 503
    result = LLMGrader(base_url=url, model="m", timeout=5).grade(n_plus_one, EXCELLENT_N_PLUS_ONE)

    assert result.notes == ("LLM grader failed (HTTP 503); graded locally",)


def test_an_empty_answer_is_not_sent(fake, n_plus_one):
    state, url = fake
    result = LLMGrader(base_url=url, model="m", timeout=5).grade(n_plus_one, "")

    assert result.score == 0.0
    assert state.requests == []


def test_configuration_is_required():
    with pytest.raises(GraderError, match="base_url"):
        LLMGrader(base_url="", model="")
    with pytest.raises(GraderError, match="http"):
        LLMGrader(base_url="file:///etc/passwd", model="m")


def test_parse_reply_rejects_a_non_integer_index():
    body = _completion(
        json.dumps({"points": [{"index": "0", "verdict": "covered", "evidence": ""}]})
    )
    with pytest.raises(InvalidReply):
        parse_reply(body, 1)


def test_locate_ignores_case_and_whitespace():
    answer = "Use select_related,\n  which does a JOIN."
    span = locate(answer, "which does a join")
    assert span is not None
    assert answer[span.start : span.end] == "which does a JOIN"
    assert locate(answer, "not there") is None
    assert locate(answer, "  ") is None
