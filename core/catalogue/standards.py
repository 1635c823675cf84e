"""The 14 components of a service standard (UU 25/2009 art. 21, PermenPANRB 15/2014)."""

from dataclasses import dataclass

from core.i18n import N_


@dataclass(frozen=True)
class Component:
    """One component of a service standard and whether the public sees it."""

    key: str
    label: str
    public: bool


COMPONENTS: tuple[Component, ...] = (
    # Shown to the citizen (penyampaian pelayanan), in the regulation's order.
    Component("persyaratan", N_("Persyaratan"), True),
    Component("prosedur", N_("Sistem, mekanisme dan prosedur"), True),
    Component("jangka_waktu", N_("Jangka waktu penyelesaian"), True),
    Component("biaya", N_("Biaya/tarif"), True),
    Component("produk", N_("Produk pelayanan"), True),
    Component("pengaduan", N_("Penanganan pengaduan, saran dan masukan"), True),
    # Internal (pengelolaan pelayanan).
    Component("dasar_hukum", N_("Dasar hukum"), False),
    Component("sarana", N_("Sarana, prasarana dan/atau fasilitas"), False),
    Component("kompetensi", N_("Kompetensi pelaksana"), False),
    Component("pengawasan", N_("Pengawasan internal"), False),
    Component("jumlah_pelaksana", N_("Jumlah pelaksana"), False),
    Component("jaminan_pelayanan", N_("Jaminan pelayanan"), False),
    Component("jaminan_keamanan", N_("Jaminan keamanan dan keselamatan pelayanan"), False),
    Component("evaluasi_kinerja", N_("Evaluasi kinerja pelaksana"), False),
)

COMPONENT_KEYS = tuple(component.key for component in COMPONENTS)
PUBLIC_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS if c.public)
