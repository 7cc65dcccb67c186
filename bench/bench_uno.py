"""Benchmark: a LibreOffice kept alive over UNO against docgen's batched `soffice` calls.

    python bench/bench_uno.py [--documents N]

Issue 16 asks for one comparison: a LibreOffice kept running between documents (UNO, the way
unoserver works) would be adopted only if it is at least 20 % faster end to end than docgen's
conversion (``docgen.pdf.soffice.convert_all``: one ``soffice --convert-to pdf`` call per batch,
two workers with their own profiles). Both convert the same N documents of the bundled province
(default 120, spread evenly over every kind and unit), in the same run, on two workers each:

- **docgen**: ``convert_all(jobs=2)``, profiles created by the call as in a build;
- **UNO**: two ``soffice --accept=pipe…`` servers with their own profiles, each fed half the
  documents by a client under Debian's ``/usr/bin/python3`` (``python3-uno`` imports only there):
  ``loadComponentFromURL`` hidden, ``storeToURL`` with ``writer_pdf_Export``, ``close``. The
  servers' start is timed apart and counted in the end-to-end figure.

Prints seconds per document and PDF/s both ways, the ratio, and whether UNO passes the 20 % rule.
Needs LibreOffice and python3-uno (``apt install python3-uno``); says so and stops otherwise.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.pdf.normalise import Conversion
from docgen.pdf.soffice import convert_all, find_soffice

SYSTEM_PYTHON = "/usr/bin/python3"

# Runs under /usr/bin/python3: converts the DOCX files named on stdin («path<TAB>pdf name») through the
# LibreOffice listening on the pipe named in argv[1], into the folder argv[2].
CLIENT = r"""
import sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

pipe, outdir = sys.argv[1], sys.argv[2]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.time() + 60
while True:
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except Exception:
        if time.time() > deadline:
            raise
        time.sleep(0.1)
print("ready", flush=True)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
sys.stdin.readline()  # "go"
for line in sys.stdin:
    if not line.strip():
        continue
    path, name = line.rstrip("\n").split("\t")
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(outdir + "/" + name), (prop("FilterName", "writer_pdf_Export"),))
    doc.close(True)
print("done", flush=True)
"""


def _documents(root: Path, count: int) -> list[Path]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "docgen", "init", str(root)], check=True, capture_output=True, env=env)
    subprocess.run(
        [sys.executable, "-m", "docgen", "-w", str(root), "build", "--all", "--communes"],
        check=True,
        capture_output=True,
        env=env,
    )
    every = sorted((root / "out").glob("*/*.docx"))
    step = max(1, len(every) // count)
    return every[::step][:count]


def _docgen_way(docs: list[Path], outdir: Path, soffice: Path) -> float:
    items = [
        Conversion(doc, outdir / f"{i:04d}.pdf", datetime(2023, 7, 20), f"bench/{i}", "", "", "")
        for i, doc in enumerate(docs)
    ]
    start = time.perf_counter()
    failures = convert_all(items, jobs=2, soffice=soffice, work_dir=outdir.parent / "docgen-work")
    elapsed = time.perf_counter() - start
    failed = [doc_id for doc_id, reason in failures.items() if reason]
    if failed:
        print(f"docgen: {len(failed)} failed")
    return elapsed


def _uno_way(docs: list[Path], outdir: Path, soffice: Path, base: Path) -> tuple[float, float]:
    named = [(doc, f"{i:04d}.pdf") for i, doc in enumerate(docs)]
    halves = [named[0::2], named[1::2]]
    servers, clients = [], []
    start = time.perf_counter()
    for index in range(2):
        pipe = f"docgen_bench_{os.getpid()}_{index}"
        profile = (base / f"uno-profile-{index}").as_uri()
        servers.append(
            subprocess.Popen(
                [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
                 f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        clients.append(
            subprocess.Popen(
                [SYSTEM_PYTHON, "-c", CLIENT, pipe, str(outdir)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    try:
        for client in clients:
            assert client.stdout is not None
            if client.stdout.readline().strip() != "ready":
                raise RuntimeError("UNO client did not connect")
        started = time.perf_counter() - start
        begin = time.perf_counter()
        for client, half in zip(clients, halves, strict=True):
            assert client.stdin is not None
            client.stdin.write("go\n" + "".join(f"{doc}\t{name}\n" for doc, name in half))
            client.stdin.close()
        for client in clients:
            assert client.stdout is not None
            client.stdout.read()
            client.wait(timeout=600)
        return started, time.perf_counter() - begin
    finally:
        for server in servers:
            server.kill()  # unoserver-like servers do not stop on SIGTERM (baseline.md)
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=120)
    args = parser.parse_args()
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False).returncode
    ):
        print("python3-uno is not installed (apt install python3-uno): no UNO comparison on this machine.")
        return
    soffice = find_soffice()
    base = Path(tempfile.mkdtemp(prefix="bench-uno-"))
    try:
        docs = _documents(base / "ws", args.documents)
        (base / "docgen-pdf").mkdir()
        (base / "uno-pdf").mkdir()
        batched = _docgen_way(docs, base / "docgen-pdf", soffice)
        started, uno = _uno_way(docs, base / "uno-pdf", soffice, base)
        made = len(list((base / "uno-pdf").glob("*.pdf")))
        n = len(docs)
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPU; {n} documents, 2 workers each way")
        print(f"docgen batches (convert_all): {batched:.1f} s, {batched / n:.3f} s/document, {n / batched:.1f} PDF/s")
        print(
            f"UNO, 2 servers kept alive: start {started:.1f} s + convert {uno:.1f} s ({made} PDFs), "
            f"{uno / n:.3f} s/document converting, {n / (started + uno):.1f} PDF/s end to end"
        )
        gain = batched / (started + uno)
        verdict = "adopt" if gain >= 1.2 else "keep batches"
        print(f"UNO end to end vs docgen: {gain:.2f}× (adopted only at ≥ 1.20×): {verdict}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
