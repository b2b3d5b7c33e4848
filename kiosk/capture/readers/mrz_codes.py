"""The codes an MRZ may give as issuing State or nationality (ICAO Doc 9303 Part 3).

Source: ICAO Doc 9303, 8th ed. (2021), Part 3 §5 and its code list: the three-letter
codes of ISO 3166-1 alpha-3 (here from Debian's iso-codes 4.15.0, ``iso_3166-1.json``),
except Germany, which is ``D`` (``D<<`` in the MRZ), plus the codes ICAO assigns to
organisations and special nationalities, and ``UTO`` (Utopia), the fictitious State of
ICAO's own specimens. A code shorter than three letters is padded with ``<``.
"""

from __future__ import annotations

_ISO_3166_ALPHA3 = """
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA
BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN
CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DJI DMA DNK DOM DZA ECU EGY
ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ
GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR
ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU
LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ
MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL
PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB
SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL
TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT
WLF WSM YEM ZAF ZMB ZWE
"""

# ICAO Doc 9303 Part 3 §5, the codes that are not ISO 3166-1 countries.
_ICAO_SPECIAL = {
    "D<<": "Germany",
    "EUE": "European Union",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "RKS": "Kosovo",
    "UNA": "Specialized agency of the United Nations or one of its officials",
    "UNK": "Resident of Kosovo to whom a travel document has been issued by UNMIK",
    "UNO": "United Nations Organization or one of its officials",
    "XBA": "African Development Bank",
    "XCC": "Caribbean Community or one of its emissaries (CARICOM)",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa (COMESA)",
    "XDC": "Southern African Development Community",
    "XEC": "Economic Community of West African States (ECOWAS)",
    "XES": "Organisation of Eastern Caribbean States",
    "XIM": "African Export-Import Bank",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "International Criminal Police Organization (INTERPOL)",
    "XXA": "Stateless person (1954 Convention)",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee, other than under the 1951 Convention",
    "XXX": "Person of unspecified nationality",
    "UTO": "Utopia, ICAO 9303's specimen State",
}

ICAO_CODES: frozenset[str] = frozenset(_ISO_3166_ALPHA3.split()) | frozenset(_ICAO_SPECIAL)


def is_icao_code(code: str) -> bool:
    """True when ``code`` (three MRZ characters, ``<``-padded) is on ICAO 9303 Part 3's list."""
    return code in ICAO_CODES
