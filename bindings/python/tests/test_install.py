# SPDX-License-Identifier: MIT
"""`pip install --no-build-isolation` without network: a copy of bindings/python installed
with the build's libtradewar.so bundled, then imported and solved from another directory."""
import os
import shutil
import subprocess
import sys

from conftest import ROOT


def test_pip_install_without_network(tmp_path):
    src = tmp_path / "python"
    shutil.copytree(os.path.join(ROOT, "bindings", "python"), src,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    build = os.path.dirname(os.environ.get("TRADEWAR_CLI", os.path.join(ROOT, "build", "x")))
    env = dict(os.environ, TRADEWAR_SOURCE_DIR=ROOT, TRADEWAR_BUILD_DIR=build,
               PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation",
                    "--no-deps", "--target", str(site), str(src)], check=True, env=env,
                   capture_output=True)
    env["PYTHONPATH"] = str(site)
    code = ("import tradewar; w = tradewar.World.load('cp1993'); "
            "r = tradewar.Model(w, deficits='zero').solve(shock='" + ROOT +
            "/data/cp1993/nafta_2005.csv'); print(tradewar.__file__, len(r.countries), 'real_income_pct' in r.countries.columns)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith(str(site)) and out.rstrip().endswith(" 31 True")
