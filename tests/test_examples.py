"""The example case goes in whole and links across documents, as the README promises."""

import pytest
from typer.testing import CliRunner

from nerpipe.case_chart import case_chart
from nerpipe.cli import app
from nerpipe.config import PROJECT_ROOT
from nerpipe.store import Store

EXAMPLES = PROJECT_ROOT / "examples" / "operation_harbor_light"


@pytest.mark.slow
def test_example_case_ingests_and_links_across_documents(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "none"))
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--case", "Harbor Light", "--create"])
    assert result.exit_code == 0, result.stderr
    # The witness statement is also the e-mail's attachment: the same bytes go in once.
    assert "5 file(s) added" in result.stderr and "1 already in the case" in result.stderr
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    types = {d.media_type.split("/")[-1] for d in store.list_documents("Harbor Light")}
    assert {"pdf", "msword", "html", "rfc822", "plain"} <= types
    chart = case_chart(store, "Harbor Light")
    entities = chart.index.entities
    for key in (
        "PERSON:luis ortega",
        "PERSON:marco salazar",
        "GANG_ORG:sinaloa cartel",
        "GANG_ORG:latin kings",
        "DRUG:fentanyl",
    ):
        assert entities[key].documents >= 3, key
    assert chart.graph.has_edge("GANG_ORG:sinaloa cartel", "PERSON:luis ortega")
