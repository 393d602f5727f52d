"""Whatever happens between runs, incremental syncs end where one fresh sync ends.

Hypothesis plays random histories against the local fake API: answers are
published, corrected and withdrawn; syncs run with a --limit, or are cut off
by the network after a random number of requests; page sizes vary. After a
final plain sync, the incrementally synced corpus must equal the corpus of a
single fresh sync: same documents, same content, nothing twice, nothing lost.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from fake_odata import FakeFile, FakeOData
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odata_fixtures import document, tombstone, zaak

from assistant.errors import NetworkError
from assistant.opendata import ClientSettings, ODataClient, SyncOptions, sync
from assistant.store import Store

pytestmark = pytest.mark.slow

FAST = ClientSettings(interval=0, backoff=0, retries=0, connect_retries=0)

ops = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.integers(0, 4)),
        st.tuples(st.just("publish"), st.integers(0, 4)),  # twice: more documents to move
        st.tuples(st.just("correct"), st.integers(0, 4)),
        st.tuples(st.just("withdraw"), st.integers(0, 4)),
        st.tuples(st.just("sync"), st.sampled_from([None, 1, 2])),
        st.tuples(st.just("cut"), st.integers(0, 12)),
    ),
    min_size=1,
    max_size=12,
)


def answer_text(kenmerk: str, version: int) -> bytes:
    """A small Aanhangsel as text (fast to parse); each version answers differently."""
    return (
        "Tweede Kamer der Staten-Generaal\n\nAanhangsel van de Handelingen\n\n"
        "[Fictief testmateriaal.]\n\n"
        f"{kenmerk}\n\nVragen van het lid De Vries (VVD) aan de Minister van Justitie en "
        "Veiligheid over een verzonnen onderwerp (ingezonden 4 maart 2024).\n\n"
        "Antwoord van Minister Van Dijk (Justitie en Veiligheid) (ontvangen 25 maart 2024).\n\n"
        f"Vraag 1\nWat is de stand van zaken bij {kenmerk}?\n\n"
        f"Antwoord 1\nVersie {version}: de stand van zaken is beschreven.\n"
    ).encode()


class History:
    def __init__(self, fake: FakeOData):
        self.fake, self.clock, self.versions, self.docs = fake, 0, {}, {}

    def tick(self) -> str:
        self.clock += 1
        return f"2024-04-{1 + self.clock // 24:02d}T{self.clock % 24:02d}:00:00Z"

    def publish(self, n: int) -> None:
        kenmerk = f"2024Z0{n:04d}"
        if kenmerk in self.docs:
            return
        z = zaak(kenmerk, f"onderwerp {n}", "2024-03-04T00:00:00+01:00", self.tick(),
                 afgedaan=True)  # fmt: skip
        self.fake.put("Zaak", z)
        doc = document("Antwoord schriftelijke vragen", [z], "2024-03-25T00:00:00+01:00",
                       self.tick(), documentnummer=f"2024D2{n:04d}",
                       content_type="text/plain")  # fmt: skip
        self.docs[kenmerk], self.versions[kenmerk] = doc, 1
        self._serve(kenmerk)

    def correct(self, n: int) -> None:
        kenmerk = f"2024Z0{n:04d}"
        if kenmerk in self.docs:
            self.versions[kenmerk] += 1
            self.docs[kenmerk] = dict(self.docs[kenmerk], GewijzigdOp=self.tick())
            self._serve(kenmerk)

    def withdraw(self, n: int) -> None:
        kenmerk = f"2024Z0{n:04d}"
        if kenmerk in self.docs:
            doc = self.docs.pop(kenmerk)
            self.fake.put("Document", tombstone(doc, self.tick()))

    def _serve(self, kenmerk: str) -> None:
        doc = self.docs[kenmerk]
        self.fake.put("Document", doc)
        content = answer_text(kenmerk, self.versions[kenmerk])
        self.fake.put_file(doc["Id"], FakeFile(content, "text/plain"))


def corpus(home: Path) -> dict[str, tuple[str, ...]]:
    with Store.in_home(home) as store:
        docs = {d["id"]: d["source"] for d in store.documents()}
        answers: dict[str, list[str]] = {}
        for rec, doc in store.qa_records():
            answers.setdefault(docs[doc["id"]], []).append(rec["antwoord"])
    return {source: tuple(texts) for source, texts in answers.items()}


def run(home: Path, fake: FakeOData, limit=None) -> None:
    with ODataClient(fake.base_url, FAST) as client, Store.in_home(home) as store:
        sync(store, client, home, SyncOptions(limit=limit))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=ops, page_size=st.integers(1, 4))
def test_incremental_syncs_converge_to_a_fresh_sync(history, page_size):
    with tempfile.TemporaryDirectory() as tmp, FakeOData(page_size=page_size) as fake:
        world = History(fake)
        for n in range(3):
            world.publish(n)
        incremental, fresh = Path(tmp) / "incremental", Path(tmp) / "fresh"
        for op, arg in history:
            if op == "sync":
                run(incremental, fake, limit=arg)
            elif op == "cut":
                fake.go_offline(after=arg)
                with contextlib.suppress(NetworkError):  # cut off: the next run resumes
                    run(incremental, fake)
                fake.go_online()
            else:
                getattr(world, op)(arg)
        run(incremental, fake)
        run(fresh, fake)
        got, expected = corpus(incremental), corpus(fresh)
        assert got == expected
        assert len(expected) == len(world.docs)  # every live answer once, no withdrawn one
        for kenmerk, version in world.versions.items():
            if kenmerk in world.docs:
                source = f"tk:{world.docs[kenmerk]['Id']}"
                assert got[source] == (f"Versie {version}: de stand van zaken is beschreven.",)
