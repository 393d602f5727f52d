"""The optional rewrite of a proposal (assistant/rewrite.py), against a real local HTTP server
that imitates an OpenAI-compatible /v1/chat/completions. All example text is made up."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from assistant.config import RewriteSettings
from assistant.models import Proposal, ProposalSentence
from assistant.rewrite import check_rewrite, rewrite_proposal

OPENING = "[Ja/Nee], dat klopt [niet]."
ZIN_A = "In 2023 hebben de waterschappen 1.250 meldingen van wateroverlast in Zeeland ontvangen."
ZIN_B = "Het kabinet stelt in 2024 een bedrag van 3,5 miljoen euro beschikbaar voor extra gemalen."
ZIN_C = (
    "De provincie Zeeland onderzoekt samen met de waterschappen welke polders het kwetsbaarst zijn."
)
HINT_B = "controleer «3,5 miljoen euro»: het nieuwste precedent noemt «4 miljoen euro»"

PROPOSAL = Proposal(
    zinnen=(
        ProposalSentence(OPENING),
        ProposalSentence(ZIN_A, "p-a", "fictief-2023-11, antwoord 2, 3 maart 2023"),
        ProposalSentence(ZIN_B, "p-b", "fictief-2024-07, antwoord 1, 9 april 2024", (HINT_B,)),
        ProposalSentence(ZIN_C, "p-c", "fictief-2024-07, antwoord 4, 9 april 2024"),
    )
)
QUESTIONS = ["Klopt het dat er in Zeeland steeds meer wateroverlast is, en wat doet u daaraan?"]

HONEST = (
    f"{OPENING} Voor extra gemalen stelt het kabinet in 2024 een bedrag van 3,5 miljoen euro "
    "beschikbaar. De waterschappen ontvingen in 2023 in Zeeland 1.250 meldingen van "
    "wateroverlast. Welke polders het kwetsbaarst zijn, onderzoekt de provincie Zeeland op dit "
    "moment samen met die waterschappen."
)


# --- the imitation chat server ----------------------------------------------------------------


class FakeLLM:
    """What the server answers next, and every request it received."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.body = b""
        self.declare_length = True
        self.hang = False  # wait (up to 5 s) without answering
        self.drip = False  # headers at once, then one byte every 0.2 s (up to 5 s)
        self.release = threading.Event()  # set at teardown: a waiting handler returns
        self.url = ""
        self.reply("")

    def reply(self, content: str) -> None:
        self.raw(json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}))

    def raw(self, body: str | bytes, status: int = 200) -> None:
        self.body = body.encode() if isinstance(body, str) else body
        self.status = status


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    fake: FakeLLM

    def handle_error(self, request, client_address) -> None:
        pass  # the client hung up on a refused or too-slow answer: expected here


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        fake.requests.append(
            {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "json": json.loads(body),
            }
        )
        if fake.hang:
            fake.release.wait(5)
            return
        if fake.drip:
            self._drip(fake)
            return
        self.send_response(fake.status)
        self.send_header("Content-Type", "application/json")
        if fake.declare_length:
            self.send_header("Content-Length", str(len(fake.body)))
        self.end_headers()
        self.wfile.write(fake.body)

    def _drip(self, fake: FakeLLM) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{")
        while not fake.release.wait(0.2):
            self.wfile.write(b" ")
            self.wfile.flush()

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def llm():
    fake = FakeLLM()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1/"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def settings(fake: FakeLLM | None, **kwargs) -> RewriteSettings:
    kwargs.setdefault("timeout_seconds", 5)
    return RewriteSettings(url=fake.url if fake else None, model="fictief-model", **kwargs)


def assert_kept(result: Proposal, reason: str) -> None:
    assert result.zinnen == PROPOSAL.zinnen
    assert result.methode == "extractief"
    assert result.opmerking is not None
    assert reason in result.opmerking


# --- when nothing is sent ---------------------------------------------------------------------


def test_disabled_settings_make_no_request(llm):
    llm.reply(HONEST)
    assert rewrite_proposal(PROPOSAL, QUESTIONS, settings(None)) is PROPOSAL
    assert llm.requests == []


def test_proposal_without_precedent_sentences_makes_no_request(llm):
    only_opening = Proposal(zinnen=(ProposalSentence(OPENING),))
    assert rewrite_proposal(only_opening, QUESTIONS, settings(llm)) is only_opening
    assert llm.requests == []


# --- the request ------------------------------------------------------------------------------


def test_request_carries_model_question_opening_and_numbered_sources(llm):
    llm.reply(HONEST)
    rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    (request,) = llm.requests
    assert request["path"] == "/v1/chat/completions"
    body = request["json"]
    assert body["model"] == "fictief-model"
    assert body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system"
    assert "uitsluitend" in system["content"]
    assert user["role"] == "user"
    assert QUESTIONS[0] in user["content"]
    assert OPENING in user["content"]
    for nr, zin in enumerate((ZIN_A, ZIN_B, ZIN_C), 1):
        assert f"{nr}. {zin}" in user["content"]
    assert "[Bron" not in user["content"]


@pytest.mark.parametrize("key", [None, "geheim-123"])
def test_authorization_header_only_when_a_key_is_set(llm, key):
    llm.reply(HONEST)
    rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm, key=key))
    headers = llm.requests[0]["headers"]
    if key:
        assert headers["authorization"] == "Bearer geheim-123"
    else:
        assert "authorization" not in headers


def test_the_key_never_appears_in_a_reason(llm):
    llm.raw(b"geen toegang", status=401)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm, key="geheim-123"))
    assert_kept(result, "HTTP 401")
    assert "geheim" not in (result.opmerking or "")


def test_a_callers_client_is_used_and_left_open(llm):
    llm.reply(HONEST)
    with httpx.Client() as client:
        result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm), client=client)
        assert not client.is_closed
    assert result.methode == "herschreven (fictief-model)"


# --- what comes back --------------------------------------------------------------------------


def test_honest_rewrite_is_accepted_and_each_sentence_keeps_its_source(llm):
    llm.reply(HONEST)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert result.opmerking is None
    assert result.methode == "herschreven (fictief-model)"
    assert result.status == PROPOSAL.status
    assert [z.passage_id for z in result.zinnen] == [None, "p-b", "p-a", "p-c"]
    assert result.zinnen[0].tekst == OPENING
    assert result.zinnen[1].label == "fictief-2024-07, antwoord 1, 9 april 2024"
    assert result.zinnen[1].controleer == (HINT_B,)
    assert result.zinnen[2].controleer == ()
    assert result.sources == ("p-b", "p-a", "p-c")
    assert "1.250 meldingen" in result.plain_text()


def test_model_name_missing_is_shown_as_taalmodel(llm):
    llm.reply(HONEST)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, RewriteSettings(url=llm.url, timeout_seconds=5))
    assert result.methode == "herschreven (taalmodel)"


def test_a_reasoning_block_before_the_answer_is_dropped(llm):
    llm.reply(f"<think>Eerst de opening, dan de bedragen.</think>\n{HONEST}")
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert result.opmerking is None
    assert result.zinnen[0].tekst == OPENING


def test_invented_number_is_refused(llm):
    llm.reply(HONEST.replace("1.250", "1.300"))
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert_kept(result, "herschrijving verworpen: het getal 1.300 staat in geen bron")


def test_unrelated_sentence_is_refused(llm):
    llm.reply(f"{HONEST} Daarnaast worden alle dijken langs de kust verhoogd.")
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert_kept(result, "herschrijving verworpen: zin 5")
    assert "staat in geen bron" in (result.opmerking or "")


def test_opening_with_fill_in_markers_is_allowed():
    mapped, reason = check_rewrite(f"{OPENING} {ZIN_A}", PROPOSAL, 0.6)
    assert reason is None
    assert mapped is not None
    assert (mapped[0].tekst, mapped[0].passage_id) == (OPENING, None)
    assert mapped[1].passage_id == "p-a"


def test_opening_that_decides_the_fill_in_is_refused():
    mapped, reason = check_rewrite(f"Dat klopt. {ZIN_A}", PROPOSAL, 0.6)
    assert mapped is None
    assert reason == "de invulplaats «[Ja/Nee]» van de opening ontbreekt"


def test_merged_sentence_maps_to_the_source_it_mostly_rests_on():
    merged = (
        "Welke polders het kwetsbaarst zijn, onderzoekt de provincie Zeeland samen met de "
        "waterschappen, die in 2023 1.250 meldingen ontvingen."
    )
    mapped, reason = check_rewrite(f"{OPENING} {merged}", PROPOSAL, 0.6)
    assert reason is None
    assert mapped is not None
    assert [z.passage_id for z in mapped] == [None, "p-c"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"{OPENING} {ZIN_A} [Bron: fictief-2023-11]", "bronvermelding"),
        (f"{OPENING} {ZIN_A} [p-a]", "«[p-a]» staat niet in het voorstel"),
        (f"{OPENING} {ZIN_A} ]", "losse vierkante haak"),
        (f"{OPENING} **{ZIN_A}**", "opmaak"),
        (f"{OPENING}\n- {ZIN_A}", "opmaak"),
        (f"{OPENING} Ja. {ZIN_A}", "zin 2 («Ja.») staat in geen bron"),
        (f"{OPENING} In 2025 {ZIN_A[8:]}", "het getal 2025 staat in geen bron"),
        (f"{OPENING} Het kabinet stelt 35 miljoen euro beschikbaar.", "het getal 35"),
    ],
)
def test_check_refuses_what_the_proposal_did_not_have(text, reason):
    mapped, why = check_rewrite(text, PROPOSAL, 0.6)
    assert mapped is None
    assert reason in (why or "")


# --- server trouble: the extractive proposal stays --------------------------------------------


def test_http_500_keeps_the_proposal(llm):
    llm.raw(b'{"error": "overbelast"}', status=500)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert_kept(result, "herschrijving niet gelukt: de taalserver gaf HTTP 500")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>dit is geen json</html>", "geen geldige JSON"),
        (b'{"choices": []}', "geen choices[0].message"),
        (b'{"resultaat": "tekst"}', "geen choices[0].message"),
        (b'{"choices": [{"message": {"content": "   "}}]}', "geen tekst terug"),
        (b'{"choices": [{"message": {"content": null}}]}', "geen tekst terug"),
        (b"[" * 100_000 + b"]" * 100_000, "geen geldige JSON"),
    ],
)
def test_unusable_json_keeps_the_proposal(llm, body, reason):
    llm.raw(body)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm))
    assert_kept(result, reason)


@pytest.mark.parametrize("declare_length", [True, False])
def test_oversized_response_keeps_the_proposal(llm, declare_length):
    llm.reply(HONEST + " " + "x" * 2_000_000)
    llm.declare_length = declare_length
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm, max_response_bytes=10_000))
    assert_kept(result, "te groot (meer dan 10.000 bytes)")


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_hanging_server_keeps_the_proposal(llm):
    llm.hang = True
    started = time.monotonic()
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm, timeout_seconds=1))
    assert time.monotonic() - started < 4.5  # the server would have kept it 5 s
    assert_kept(result, "herschrijving niet gelukt: de taalserver antwoordde niet binnen 1 s")


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_dripping_server_is_cut_off_at_the_total_deadline(llm):
    llm.drip = True
    started = time.monotonic()
    result = rewrite_proposal(PROPOSAL, QUESTIONS, settings(llm, timeout_seconds=1))
    assert time.monotonic() - started < 4.5  # every read is quick; the total is what counts
    assert_kept(result, "niet binnen 1 s")


def test_unreachable_server_keeps_the_proposal():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nobody listens there
    config = RewriteSettings(url=f"http://127.0.0.1:{port}/v1", model="m", timeout_seconds=5)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, config)
    assert_kept(result, f"de taalserver (127.0.0.1:{port}) is niet bereikbaar")


def test_address_without_http_keeps_the_proposal():
    config = RewriteSettings(url="llm.ministerie.local/v1", model="m", timeout_seconds=5)
    result = rewrite_proposal(PROPOSAL, QUESTIONS, config)
    assert_kept(result, "ongeldig adres van de taalserver")
