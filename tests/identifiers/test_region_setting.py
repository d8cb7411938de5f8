import pytest

from nerpipe.config import Settings
from nerpipe.errors import ConfigError


def test_the_phone_region_defaults_to_us_and_is_read_from_the_environment():
    assert Settings.from_env(env={}).phone_region == "US"
    assert Settings.from_env(env={"NERPIPE_PHONE_REGION": "gb"}).phone_region == "GB"


def test_an_unknown_phone_region_is_a_clear_error():
    with pytest.raises(ConfigError, match=r"NERPIPE_PHONE_REGION='XX'.*two-letter country code"):
        Settings.from_env(env={"NERPIPE_PHONE_REGION": "XX"})
