"""subtitler.batch.run on a real S3 API (moto on loopback) and a real Dask LocalCluster, and on local folders."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

import subtitler
from subtitler import batch
from subtitler.batch.store import Store
from subtitler.errors import UsageError
from tests.scale import CORRUPT, S3, srt

BUCKET = "subtitler-batch"
COUNT = 200


@pytest.fixture(scope="module")
def inputs(s3: S3, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 SRT objects under s3://subtitler-batch/in/ in two folders and one corrupt object; the same files locally.

    The local engine runs on the local copy: its results are the reference the dask engine's
    on S3 must equal, and moto's S3 answers too slowly (tens of ms a request on a busy
    machine) to read every object twice.
    """
    if not s3.fs.exists(BUCKET):
        s3.fs.mkdir(BUCKET)
    files = {f"{'a' if k % 2 else 'b'}/report-{k:03d}.srt": srt(k) for k in range(COUNT)}
    files["a/corrupt.srt"] = CORRUPT
    s3.fs.pipe({f"{BUCKET}/in/{name}": data for name, data in files.items()})
    local = tmp_path_factory.mktemp("batch") / "in"
    for name, data in files.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_bytes(data)
    return local


def _key(result: batch.Result, prefix: str, output: str = "") -> tuple[Any, ...]:
    """A result without its attempts, its paths named under the input and output prefixes."""
    fields = dataclasses.asdict(result)
    fields.pop("attempts")
    fields["path"] = fields["path"].removeprefix(prefix)
    fields["output"] = fields["output"].removeprefix(output)
    return tuple(sorted(fields.items()))


def test_validate_on_dask_over_s3_gives_the_local_engines_results(inputs: Path, dask_client: Any) -> None:
    job = batch.Validate()
    local = list(batch.run(job, [f"{inputs}/**/*.srt"], engine="local", jobs=2))
    on_dask = list(batch.run(job, [f"s3://{BUCKET}/in/**/*.srt"], client=dask_client))
    assert len(local) == len(on_dask) == COUNT + 1
    assert sorted(_key(r, f"s3://{BUCKET}/in/") for r in on_dask) == sorted(_key(r, f"{inputs}/") for r in local)
    by_path = {r.path: r for r in on_dask}
    assert by_path[f"s3://{BUCKET}/in/a/corrupt.srt"].status == "failed"
    assert by_path[f"s3://{BUCKET}/in/a/corrupt.srt"].error.startswith("E009 ")
    # the counts are the library's own: the same as validating each file's bytes in this process
    for name in ("b/report-000.srt", "a/report-007.srt"):
        expected = subtitler.validate(subtitler.load(str(inputs / name)))
        assert by_path[f"s3://{BUCKET}/in/{name}"].findings == len(expected) > 0
    assert sum(r.status == "done" for r in on_dask) == COUNT


def test_convert_on_dask_writes_the_objects_the_local_engine_writes(inputs: Path, dask_client: Any, s3: S3, tmp_path: Path) -> None:
    job = batch.Convert("vtt")
    local = list(batch.run(job, [str(inputs)], str(tmp_path / "out"), jobs=2))
    on_dask = list(batch.run(job, [f"s3://{BUCKET}/in/"], f"s3://{BUCKET}/conv/", client=dask_client))
    assert sorted(_key(r, f"{inputs}/", f"{tmp_path}/out/") for r in local) == \
        sorted(_key(r, f"s3://{BUCKET}/in/", f"s3://{BUCKET}/conv/") for r in on_dask)
    failed = [r for r in on_dask if r.status == "failed"]
    assert [r.path for r in failed] == [f"s3://{BUCKET}/in/a/corrupt.srt"]
    written = s3.fs.find(f"{BUCKET}/conv/")
    assert len(written) == COUNT
    # names kept under the prefix, the extension changed, the bytes those the local engine wrote
    for name in ("a/report-001.vtt", "b/report-198.vtt"):
        assert s3.fs.cat_file(f"{BUCKET}/conv/{name}") == (tmp_path / "out" / name).read_bytes()
    expected = subtitler.dumps(subtitler.convert(subtitler.load(str(inputs / "a/report-001.srt")), "vtt"))
    assert (tmp_path / "out" / "a/report-001.vtt").read_bytes() == expected


def test_an_object_deleted_after_the_listing_fails_alone_and_the_rest_complete(inputs: Path, dask_client: Any, s3: S3) -> None:
    s3.fs.pipe({f"{BUCKET}/doomed/{k:02d}.srt": srt(k) for k in range(30)})
    results = batch.run(batch.Convert("vtt"), [f"s3://{BUCKET}/doomed/*.srt"], f"s3://{BUCKET}/doomed-out/",
                        client=dask_client)  # listed now, read as the results are asked for
    s3.fs.rm_file(f"{BUCKET}/doomed/17.srt")
    done = list(results)
    failed = [r for r in done if r.status == "failed"]
    assert [(r.path, r.error) for r in failed] == [(f"s3://{BUCKET}/doomed/17.srt", "no such file or object")]
    assert sum(r.status == "done" for r in done) == 29


def test_a_resumed_run_skips_the_outputs_a_stopped_run_wrote(tmp_path: Path) -> None:
    # on S3, after a killed process: tests/batch/test_cli.py
    (tmp_path / "in").mkdir()
    for k in range(40):
        (tmp_path / "in" / f"{k:02d}.srt").write_bytes(srt(k))
    source, target = [str(tmp_path / "in")], str(tmp_path / "out")
    stopped = batch.run(batch.Convert("srt", "chevron"), source, target, jobs=1, chunk=4)
    first = [next(stopped) for _ in range(8)]
    stopped.close()  # a run ended early: what it wrote is complete, the rest was never written
    assert all(r.status == "done" for r in first)
    written = {str(p) for p in (tmp_path / "out").iterdir()}
    assert {r.output for r in first} <= written and len(written) < 40
    again = list(batch.run(batch.Convert("srt", "chevron"), source, target, jobs=2, resume=True))
    assert {r.output for r in again if r.status == "skipped"} == written
    assert {r.output for r in again if r.status == "done"}.isdisjoint(written)
    assert len(again) == 40 and not [r for r in again if r.status == "failed"]
    assert len(list((tmp_path / "out").iterdir())) == 40


def test_an_output_that_exists_is_kept_unless_overwrite_is_asked(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.srt").write_bytes(srt(1))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "one.vtt").write_bytes(b"kept")
    refused = list(batch.run(batch.Convert("vtt"), [str(tmp_path / "in")], str(tmp_path / "out")))
    assert refused[0].status == "failed" and "exists" in refused[0].error
    assert (tmp_path / "out" / "one.vtt").read_bytes() == b"kept"
    replaced = list(batch.run(batch.Convert("vtt"), [f"file://{tmp_path}/in/*.srt"], str(tmp_path / "out"),
                              overwrite=True))
    assert replaced[0].status == "done" and replaced[0].output == str(tmp_path / "out" / "one.vtt")
    assert (tmp_path / "out" / "one.vtt").read_bytes().startswith(b"WEBVTT")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["one.vtt"]  # no temporary file left


@dataclasses.dataclass(frozen=True)
class FlakyStore(Store):
    """A store whose reads of one path fail twice with a connection error, then succeed."""

    flaky: str = ""
    failures: list[int] = dataclasses.field(default_factory=lambda: [0])

    def read(self, path: str) -> bytes:
        if path == self.flaky and self.failures[0] < 2:
            self.failures[0] += 1
            raise ConnectionResetError("connection reset by peer")
        return super().read(path)


def test_a_transient_store_error_is_tried_again_and_counted(tmp_path: Path) -> None:
    for k in range(3):
        (tmp_path / f"{k}.srt").write_bytes(srt(k))
    store = FlakyStore(flaky=str(tmp_path / "1.srt"))
    results = {r.path: r for r in batch.run(batch.Validate(), [str(tmp_path)], store=store, jobs=1, retries=3)}
    assert results[str(tmp_path / "1.srt")].status == "done"
    assert results[str(tmp_path / "1.srt")].attempts == 3
    assert results[str(tmp_path / "0.srt")].attempts == 1
    gives_up = FlakyStore(flaky=str(tmp_path / "1.srt"))
    results = {r.path: r for r in batch.run(batch.Validate(), [str(tmp_path)], store=gives_up, jobs=1, retries=1)}
    assert results[str(tmp_path / "1.srt")].status == "failed"
    assert "connection reset" in results[str(tmp_path / "1.srt")].error


def test_shift_and_generate_run_as_batches_on_local_folders(tmp_path: Path) -> None:
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "a.srt").write_bytes(srt(1))
    shifted = list(batch.run(batch.Retime(_shift(2000)), [str(tmp_path / "subs")], str(tmp_path / "late")))
    assert shifted[0].status == "done"
    assert subtitler.load(str(tmp_path / "late" / "a.srt")).cues[0].start_ms == 2000
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "n.txt").write_text("ANCHOR: Good evening. The council met today.\n\n"
                                              "SARAH LEE, CORRESPONDENT: Thank you. It voted.")
    made = list(batch.run(batch.Generate("vtt"), [str(tmp_path / "news")], str(tmp_path / "caps")))
    assert made[0].status == "done" and made[0].output.endswith("n.vtt")
    assert subtitler.load(made[0].output).cues[-1].speaker == "Sarah Lee"


def _shift(ms: int) -> Any:
    from subtitler.retime.mapping import shift_mapping

    return shift_mapping(ms)


def test_the_dask_engine_without_dask_installed_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.srt").write_bytes(srt(1))
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as when it is not installed
    with pytest.raises(UsageError, match=r"`engine` dask needs dask.distributed: pip install 'subtitler\[scale\]'"):
        batch.run(batch.Validate(), [str(tmp_path)], engine="dask")


def test_options_that_exclude_each_other_are_refused_before_any_input_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_bytes(srt(1))
    with pytest.raises(UsageError, match="`resume` and `overwrite` exclude each other"):
        batch.run(batch.Convert("vtt"), [str(tmp_path)], str(tmp_path / "o"), resume=True, overwrite=True)
    with pytest.raises(UsageError, match="needs an `output`"):
        batch.run(batch.Convert("vtt"), [str(tmp_path)])
    with pytest.raises(UsageError, match="matches no file"):
        batch.run(batch.Validate(), [str(tmp_path / "*.vtt")])


def test_on_dask_the_first_results_come_back_before_most_inputs_are_done(dask_client: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for k in range(300):
        (tmp_path / "in" / f"{k:03d}.srt").write_bytes(srt(k, cues=10))
    results = batch.run(batch.Convert("vtt"), [str(tmp_path / "in")], str(tmp_path / "out"), client=dask_client)
    first = next(results)
    written = len(list((tmp_path / "out").iterdir()))
    results.close()
    assert first.status == "done"
    # chunks of a fixed 38 (300 inputs, 8 tasks) held every result back until 38 files were done
    assert written < 30, f"{written} outputs written before the first result came back"


def test_on_dask_a_transient_store_error_is_tried_again_on_the_worker(dask_client: Any, tmp_path: Path) -> None:
    for k in range(6):
        (tmp_path / f"{k}.srt").write_bytes(srt(k))
    flaky = str(tmp_path / "4.srt")
    results = {r.path: r for r in batch.run(batch.Validate(), [str(tmp_path)], client=dask_client,
                                           store=FlakyStore(flaky=flaky), retries=2)}
    assert (results[flaky].status, results[flaky].attempts) == ("done", 3)
    assert all(r.status == "done" and r.attempts == 1 for p, r in results.items() if p != flaky)
    results = {r.path: r for r in batch.run(batch.Validate(), [str(tmp_path)], client=dask_client,
                                           store=FlakyStore(flaky=flaky), retries=0)}
    assert results[flaky].status == "failed" and results[flaky].attempts == 1
    assert results[flaky].error == "ConnectionResetError: connection reset by peer"


def test_validate_and_convert_on_gcs_through_the_emulator(gcs: Any) -> None:
    bucket = "subtitler-gcs"
    if not gcs.fs.exists(bucket):
        gcs.fs.mkdir(bucket)
    files = {f"in/{'x' if k % 2 else 'y'}/{k:02d}.srt": srt(k) for k in range(12)}
    files["in/x/corrupt.srt"] = CORRUPT
    gcs.fs.pipe({f"{bucket}/{name}": data for name, data in files.items()})
    checked = {r.path: r for r in batch.run(batch.Validate(), [f"gs://{bucket}/in/**/*.srt"], jobs=2)}
    assert len(checked) == 13
    assert checked[f"gs://{bucket}/in/x/corrupt.srt"].error.startswith("E009 ")
    assert checked[f"gs://{bucket}/in/y/00.srt"].findings == len(subtitler.validate(subtitler.loads(srt(0).decode())))
    converted = list(batch.run(batch.Convert("vtt"), [f"gs://{bucket}/in/"], f"gs://{bucket}/out/", jobs=2))
    assert sorted(r.path for r in converted if r.status == "failed") == [f"gs://{bucket}/in/x/corrupt.srt"]
    gcs.fs.invalidate_cache()
    assert sorted(gcs.fs.find(f"{bucket}/out/")) == sorted(f"{bucket}/out/{n[3:-4]}.vtt" for n in files
                                                           if "corrupt" not in n)
    expected = subtitler.dumps(subtitler.convert(subtitler.loads(srt(3).decode()), "vtt"))
    assert gcs.fs.cat_file(f"{bucket}/out/x/03.vtt") == expected
    again = list(batch.run(batch.Convert("vtt"), [f"gs://{bucket}/in/"], f"gs://{bucket}/out/", resume=True))
    assert sum(r.status == "skipped" for r in again) == 12


def test_two_inputs_of_one_name_under_their_folders_write_one_output_and_the_other_fails(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.srt").write_bytes(srt(1 if folder == "a" else 2))
    results = list(batch.run(batch.Convert("vtt"), [str(tmp_path / "a"), str(tmp_path / "b")], str(tmp_path / "out")))
    by_path = {r.path: r for r in results}
    assert by_path[str(tmp_path / "a" / "same.srt")].status == "done"
    refused = by_path[str(tmp_path / "b" / "same.srt")]
    assert refused.status == "failed"
    assert refused.error == f"{tmp_path}/out/same.vtt is the output of {tmp_path}/a/same.srt already (two inputs of one name)"
    assert b"Report 1," in (tmp_path / "out" / "same.vtt").read_bytes()
