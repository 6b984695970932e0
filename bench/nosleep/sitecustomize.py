"""Experiment shim for bench.loadgen's `app-nosleep` configuration (put this folder on PYTHONPATH).

streamlit-authenticator sleeps params.PRE_LOGIN_SLEEP_TIME (0.7 s) in every login() call while nobody is
logged in, and app.py calls login() on every run of every page. This sets it to 0 in the server process to
measure what passing `login_sleep_time=0` to stauth.Authenticate would give. Not used by the app.
"""

try:
    import streamlit_authenticator.params as _params

    _params.PRE_LOGIN_SLEEP_TIME = 0.0
except ImportError:  # not the app's venv: nothing to change
    pass
