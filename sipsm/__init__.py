"""sipsm: Sistem Informasi Pekerja Sosial Masyarakat, the system of IPSM."""

__version__ = "0.1.0"
