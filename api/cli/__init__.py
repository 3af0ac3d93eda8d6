"""The ``vankien`` command line: a thin shell over the functions the API uses."""
