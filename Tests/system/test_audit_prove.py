"""`baomi audit prove LEAF` (S2, principle 12, #14), with the real binary: the leaf a printed form's QR code names is
proven against the newest signed checkpoint with the data folder's key; a paper whose hash differs, or a record
changed behind the triggers, exits 1 naming why."""
import os
import sqlite3

from conftest import Server, run_cli


def newest_leaf(database):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT leaf_index, leaf_hash FROM audit_records ORDER BY leaf_index DESC LIMIT 1").fetchone()


def test_s2_prove_prints_the_inclusion_proof_and_fails_on_an_altered_paper_or_record(tmp_path):
    # setup: a few records, all under the checkpoint the clean stop signs
    data_dir = str(tmp_path / "data")
    server = Server(data_dir).start()
    try:
        token = server.token("sysadmin")
        for index in range(5):
            status, body = server.call("POST", "/api/v1/org-units", token=token,
                                       body={"name": f"某研究所 P{index}", "code": f"P{index}", "kind": "unit"})
            assert status == 201, body
    finally:
        server.stop()
    database = os.path.join(data_dir, "baomi.sqlite")
    index, leaf_hash = newest_leaf(database)

    # act / check: the QR text proves, the proof is printed
    proved = run_cli("audit", "prove", f"baomi:leaf:{index}:{leaf_hash}", "--data-dir", data_dir)
    assert proved.returncode == 0, proved.stdout + proved.stderr
    assert "Verified" in proved.stdout and "核验通过" in proved.stdout
    assert f"Checkpoint: {index + 1} records" in proved.stdout
    assert "Audit path (" in proved.stdout
    assert run_cli("audit", "prove", str(index - 2), "--data-dir", data_dir).returncode == 0

    # a paper whose hash is not the record's
    altered = leaf_hash[:-1] + ("1" if leaf_hash.endswith("0") else "0")
    wrong = run_cli("audit", "prove", f"baomi:leaf:{index}:{altered}", "--data-dir", data_dir)
    assert wrong.returncode == 1
    assert "another hash" in wrong.stdout and "NOT verified" in wrong.stdout
    # text that is no leaf at all
    assert run_cli("audit", "prove", "hello", "--data-dir", data_dir).returncode == 2

    # a record changed behind the triggers
    with sqlite3.connect(database) as db:
        db.execute("DROP TRIGGER audit_records_no_update")
        db.execute("UPDATE audit_records SET actor_name = 'nobody' WHERE leaf_index = ?", (index,))
    tampered = run_cli("audit", "prove", f"baomi:leaf:{index}:{leaf_hash}", "--data-dir", data_dir)
    assert tampered.returncode == 1
    assert "no longer matches its hash" in tampered.stdout
    assert "does not lead to the checkpoint's root" in tampered.stdout
