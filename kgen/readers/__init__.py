"""Readers of the files data sources hold, shared by the sources in `kgen.sources`.

Pure Python but for Pillow, which `kgen.readers.images` imports only inside the functions
that open an image. Each reader raises `InvalidAnswer` for a file kgen cannot use; none
knows which data source or answer asked for it.
"""
