"""What the connector relies on inside garminconnect 0.3.20; fails loudly after an upgrade.

The connector points the client at other hosts through private attributes, and the tests skip
the library's pauses through the ``time`` name of three modules. If a release renames any of it,
these tests say exactly what moved.
"""

from __future__ import annotations

import importlib
import inspect
import time
from importlib.metadata import version

import pytest
from garminconnect import Garmin
from garminconnect import client as library_client

from service.integrations.garmin import GARMIN_COM, LIBRARY_CLIENT_ATTRIBUTES
from tests.support.garmin_sleeps import LIBRARY_MODULES_THAT_SLEEP


def test_the_pinned_version_is_installed():
    assert version("garminconnect") == "0.3.20"


@pytest.mark.parametrize("attribute", LIBRARY_CLIENT_ATTRIBUTES)
def test_private_client_attributes_exist(attribute):
    client = Garmin().client
    assert hasattr(client, attribute), f"garminconnect Client lost {attribute!r}"


def test_our_default_endpoints_are_the_library_defaults():
    client = Garmin().client
    assert (client._connectapi, client._sso, client._di_token_url) == (
        GARMIN_COM.connectapi,
        GARMIN_COM.sso,
        GARMIN_COM.di_token_url,
    )


@pytest.mark.parametrize(
    ("owner", "method", "parameters"),
    [
        (Garmin, "get_activities_by_date", ["startdate", "enddate", "activitytype", "sortorder"]),
        (Garmin, "get_activity", ["activity_id"]),
        (Garmin, "download_activity", ["activity_id", "dl_fmt"]),
        (Garmin, "get_rhr_daily", ["start", "end"]),
        (Garmin, "connectapi", ["path"]),
        (library_client.Client, "login", ["email", "password", "prompt_mfa", "return_on_mfa"]),
        (library_client.Client, "resume_login", ["client_state", "mfa_code"]),
        (library_client.Client, "loads", ["tokenstore"]),
        (library_client.Client, "dumps", []),
    ],
)
def test_methods_used_keep_their_parameters(owner, method, parameters):
    signature = inspect.signature(getattr(owner, method))
    assert [name for name in signature.parameters if name not in ("self", "kwargs")][
        : len(parameters)
    ] == parameters


def test_the_original_download_format_exists():
    assert Garmin.ActivityDownloadFormat.ORIGINAL.name == "ORIGINAL"


def test_token_blob_has_exactly_the_three_documented_keys():
    client = Garmin().client
    client.loads('{"di_token": "a.b.c", "di_refresh_token": "r", "di_client_id": "c"}')
    assert client.dumps() == '{"di_token": "a.b.c", "di_refresh_token": "r", "di_client_id": "c"}'


@pytest.mark.parametrize("module_name", LIBRARY_MODULES_THAT_SLEEP)
def test_modules_that_pause_do_so_through_their_time_global(module_name):
    module = importlib.import_module(module_name)
    assert getattr(module, "time", None) is time
    assert "time.sleep(" in inspect.getsource(module)


def test_logins_use_curl_cffi_when_installed():
    assert library_client.HAS_CFFI is True
