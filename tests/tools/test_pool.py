"""scenes.tools.pool: spawned workers that run their setup once, jobs whose output goes to their
log (file descriptors included) and whose exceptions become failed results."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scenes.tools.pool import WorkerPool

REPO_ROOT = Path(__file__).resolve().parents[2]
SETUP = "tests.tools.test_pool:setup"
SETUPS: list[int] = []  # in a worker: its pid, once per setup call


def setup() -> None:
    SETUPS.append(os.getpid())


def job(n: int) -> dict:
    print(f"job {n} on stdout")
    os.write(2, f"job {n} on fd 2\n".encode())
    return {"ok": True, "pid": os.getpid(), "setups": list(SETUPS), "cwd": os.getcwd(),
            "main": sys.modules["__main__"].__name__}


def failing(n: int) -> dict:
    raise SystemExit(f"no step {n}")


def test_jobs_run_in_workers_set_up_once_with_their_output_in_their_logs(tmp_path):
    with WorkerPool(2, REPO_ROOT, SETUP) as pool:
        futures = [pool.submit(job, tmp_path / f"{n}.log", n) for n in range(4)]
        bad = pool.submit(failing, tmp_path / "bad.log", 7)
        results = [f.result(timeout=60) for f in futures]
        assert bad.result(timeout=60) == {"ok": False, "error": "SystemExit: no step 7"}
    assert all(r["ok"] for r in results) and {r["cwd"] for r in results} == {str(REPO_ROOT)}
    assert len({r["pid"] for r in results}) <= 2 and os.getpid() not in {r["pid"] for r in results}
    assert all(r["setups"] == [r["pid"]] for r in results)  # one setup per worker, before jobs
    for n in range(4):
        lines = (tmp_path / f"{n}.log").read_text().splitlines()
        assert sorted(lines) == [f"job {n} on fd 2", f"job {n} on stdout"]
    assert "SystemExit: no step 7" in (tmp_path / "bad.log").read_text()  # the traceback
