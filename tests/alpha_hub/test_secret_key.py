"""SECRET_KEY is taken from the environment exactly as set."""

from alpha_hub.secret_key import secret_key_from_environment


def test_a_key_starting_with_a_dollar_is_used_as_it_is(monkeypatch, tmp_path):
    # django-environ would read "$..." as the name of another variable, and find nothing.
    monkeypatch.setenv("SECRET_KEY", "$x(-k2!uh%z@9v1d0l*7#sq^b&4e3rw=a+m5n)8tc6yjfgipo")
    key = secret_key_from_environment(tmp_path, debug=False)
    assert key == "$x(-k2!uh%z@9v1d0l*7#sq^b&4e3rw=a+m5n)8tc6yjfgipo"
