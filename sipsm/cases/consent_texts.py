"""The consent text used when none was published yet (version 1).

It is read to the person, or to a child's parent or guardian, before they consent to a
referral (UU PDP Pasal 20(2)a, 22, 24, 25). Later versions are published with
`sipsm.cases.actions.consent_texts.revise_consent_text` (or `sipsm consent_text`).
"""

DEFAULT_TEXT = (
    "Saya memberi persetujuan kepada Pekerja Sosial Masyarakat (PSM) untuk mencatat data "
    "pribadi saya atau anak saya dan menyampaikannya kepada lembaga layanan yang dirujuk "
    "(sekolah, puskesmas, LKS, Dinas Sosial, atau lembaga lain) hanya untuk keperluan "
    "layanan kesejahteraan sosial. Saya tahu bahwa saya dapat menarik persetujuan ini kapan "
    "saja, dan bahwa penarikan tidak membatalkan rujukan yang sudah dilakukan sebelumnya "
    "(UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi)."
)
