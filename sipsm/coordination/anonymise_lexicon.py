"""Words that are not identities, for sipsm.coordination.anonymise.

`TERMS` are kept when capitalised (institutions, programmes, titles, calendar words) and are
never taken from "who it is about" as names. `COMMON` are everyday Indonesian words, roots and
sentence starters; a capitalised word is kept when it, or its Sastrawi stem, is one of them.

Words that are also common personal names (Budi, Indah, Bagus, Slamet/Selamat, Kasih, Putri,
Sari, Bunga, Rahmat, Jaya, Dewi, ...) are deliberately left out of both lists: in doubt a word
is hidden, and the asker sees the result before sending.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TERMS = _words(
    """
    psm ipsm tksk ppks psks pmks lks lksa lk3 kpm pkh bpnt blt kis kks kip bpjs jkn pbi dtks
    siks siks-ng nik nkk kk ktp kta rt rw sd smp sma smk mts tk paud rs rsud puskesmas pustu
    posyandu polindes upt uptd ppa p2tp2a dp3a lpsk odgj odha hiv aids tbc kdrt abh sppa kube
    rtlh bnpb bpbd tni polri polsek polres polda dinsos kemensos kemendagri kemenkes dukcapil
    disdukcapil bappeda pemda pemkab pemkot pemprov dprd opd bimtek sk sop apbd apbn bumdes
    babinsa bhabinkamtibmas pkk tagana sakti peksos lpka lapas bapas kua kemenag covid covid-19
    wa whatsapp hp sms pdf uu pp permensos perda perbup perwali pergub pasal ayat indonesia ri
    nkri pancasila wib wita wit jl jln gg no kel kec kab prov ds dsn
    dinas sosial desa kelurahan kecamatan kabupaten kota provinsi dusun kampung lingkungan
    lurah kades camat bupati walikota wali gubernur menteri kepala sekretaris ketua anggota
    koordinator pendamping relawan kader petugas pekerja profesional
    pak bu ibu bapak sdr sdri saudara saudari kak adik nenek kakek tante om paman bibi
    tuhan allah islam kristen katolik hindu buddha konghucu idul fitri adha natal ramadan
    ramadhan lebaran nyepi waisak imlek
    senin selasa rabu kamis jumat jum'at sabtu minggu ahad
    januari februari maret april mei juni juli agustus september oktober november desember
    jan feb mar apr jun jul agu agt agst sep sept okt nov des
    rumah sakit umum daerah pengadilan negeri agama kejaksaan kepolisian lembaga
    pemasyarakatan sekolah dasar menengah pertama atas kejuruan madrasah ibtidaiyah tsanawiyah
    aliyah panti asuhan werdha wreda balai rehabilitasi pusat unit pelayanan pendidikan
    kesehatan kependudukan pencatatan sipil perlindungan perempuan anak keluarga berencana
    pemberdayaan masyarakat tenaga kerja ketenagakerjaan kementerian badan penanggulangan
    bencana nasional program bantuan pangan non tunai langsung kartu sembako pintar sehat
    sejahtera jaminan karang taruna dasawisma lansia disabilitas komunitas adat terpencil
    """
)

COMMON = _words(
    """
    saya aku kami kita anda kamu engkau dia ia beliau mereka ini itu sini situ sana begitu
    begini apa apakah siapa bagaimana mengapa kenapa kapan dimana berapa manakah
    dan atau tetapi tapi namun lalu kemudian setelah sesudah sebelum ketika saat sejak selama
    sambil karena sebab jika kalau apabila bila agar supaya sehingga maka meskipun walaupun
    walau padahal bahwa yaitu yakni serta bahkan selain tanpa oleh untuk bagi dengan dari di ke
    pada dalam kepada terhadap tentang mengenai sampai hingga antara sekitar sebagai seperti
    yang juga pun hanya saja sudah telah belum akan sedang masih pernah selalu sering kadang
    jarang tidak tak bukan jangan ya iya tolong mohon harap silakan sila terima pagi siang sore
    malam hari bulan tahun kemarin besok lusa sekarang tadi nanti dulu baru lama semua setiap
    tiap beberapa banyak sedikit sebagian seluruh para ada adalah merupakan bisa dapat boleh
    harus perlu wajib mau ingin sangat lebih paling kurang cukup sekali agak terlalu kira
    mungkin tentu pasti memang benar salah baik buruk besar kecil tinggi rendah jauh dekat
    satu dua tiga empat lima enam tujuh delapan sembilan sepuluh kedua ketiga terakhir
    berikut contoh misal catatan langkah pertanyaan jawaban jawab tanya soal hal cara
    laku lakukan berikan beri hubung ajak libat rujuk damping catat lapor kunjung bantu minta
    coba guna jelas cek periksa ambil bawa datang pergi tinggal tidur makan kerja main putus
    henti pindah urus daftar isi kirim tunggu lihat dengar bicara cerita tulis baca rawat
    obat jaga asuh lindung didik butuh ingat tahu paham erti mengerti pikir rasa usul saran
    lanjut dasar turut giat latih layan koordinasi asesmen identifikasi verifikasi validasi
    intervensi konseling mediasi advokasi edukasi sosialisasi rapat data dokumen surat
    keterangan tanda izin berkas ayah orang tua warga korban klien penerima tetangga kakak
    suami istri janda duda yatim piatu balita bayi remaja pemuda siswa murid guru rumah jalan
    pasar kantor tempat lokasi wilayah masalah kasus kondisi keadaan situasi kebutuhan uang
    biaya makanan pakaian pekerjaan penghasilan ekonomi hukum polisi dokter bidan perawat
    miskin sakit terlantar cacat putus sekolah umur usia tahun nama alamat laki perempuan
    kelas nomor no dusun dsn rt rw anak ibu bapak keluarga
    """
)
