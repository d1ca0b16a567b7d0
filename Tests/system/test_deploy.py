"""The deployment files (#17): the systemd unit is valid and confines Baomi to its data and backup folders."""
import os
import shutil
import subprocess

import pytest

from conftest import BINARY

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_the_systemd_unit_verifies(tmp_path):
    unit = open(os.path.join(ROOT, "deploy", "baomi.service"), encoding="utf-8").read()
    copy = tmp_path / "baomi.service"
    copy.write_text(unit.replace("/usr/local/bin/baomi", os.path.abspath(BINARY)), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(copy)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_unit_writes_only_to_the_data_and_backup_folders_and_logs_to_journald():
    unit = open(os.path.join(ROOT, "deploy", "baomi.service"), encoding="utf-8").read()
    assert "ProtectSystem=strict" in unit
    assert "ReadWritePaths=/var/lib/baomi /var/backups/baomi" in unit
    assert "User=baomi" in unit and "Restart=on-failure" in unit
    assert "--log-format json" in unit and "StandardOutput=journal" in unit
    environment = open(os.path.join(ROOT, "deploy", "baomi.env.example"), encoding="utf-8").read()
    for name in ("BAOMI_TLS_CERT", "BAOMI_TLS_KEY", "BAOMI_BACKUP_DIR", "BAOMI_CHECKPOINT_JOURNAL"):
        assert name in environment
