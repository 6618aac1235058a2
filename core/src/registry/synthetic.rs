//! Realistic but entirely made-up registry files. The real PPLS list holds specific personal data
//! (UU PDP) and never leaves the office, yet tests, benchmarks and demos need a city-sized list with
//! Minangkabau names, odd spellings, valid NIKs and KKs, every kelurahan and KPS holders.
//!
//! The generator uses its own tiny PRNG (SplitMix64) rather than a library one, so a given seed
//! gives byte-identical files on every platform and with every dependency version.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use super::{relation_word, COLUMNS};
use crate::household::Relation;
use crate::identity::Sex;
use crate::wilayah;

/// Write a registry file (header and rows, format in the [module doc](super)) with `households`
/// households of 2–7 people (4 on average), deterministically from `seed`.
pub fn write_synthetic_registry(out: impl Write, households: usize, seed: u64) -> io::Result<()> {
    let mut generator = Generator::new(seed);
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for index in 0..households {
        for row in generator.household(index) {
            writer.write_record(&row)?;
        }
    }
    writer.flush()
}

#[rustfmt::skip]
const MALE_NAMES: &[&str] = &[
    "Zulkifli", "Syafrizal", "Afrizal", "Yusrizal", "Hendri", "Budi", "Irwan", "Andi", "Rahmat",
    "Fauzi", "Darmawan", "Jufri", "Nasrul", "Syahrial", "Elfiandi", "Dasril", "Yulizar", "Masrul",
    "Erizal", "Asrul", "Zainal", "Zainuddin", "Hasan", "Husin", "Amir", "Amirudin", "Nasir",
    "Syamsul", "Syamsuar", "Yusuf", "Ilyas", "Ismail", "Ibrahim", "Idris", "Jamal", "Jamaluddin",
    "Kamal", "Khairul", "Lukman", "Marzuki", "Mansur", "Muchtar", "Mukhlis", "Munir", "Nazar",
    "Nofrizal", "Novri", "Rusli", "Rustam", "Sabri", "Safri", "Saiful", "Syafruddin", "Taufik",
    "Usman", "Wahyu", "Yasril", "Yendri", "Yon", "Zulfikar", "Zulhendri", "Zulhelmi", "Arif",
    "Anwar", "Azwar", "Bahar", "Basri", "Darwis", "Dedi", "Edi", "Effendi", "Ferry", "Gusti",
    "Hamdani", "Herman", "Indra", "Iskandar", "Joni", "Kasim", "Mardi", "Muhammad", "Muhamad",
    "Mhd.", "Nofendri", "Rafles", "Roni", "Rizal", "Sutan", "Syaiful", "Tamrin", "Umar", "Wendi",
    "Yudi", "Yusran", "Zakir", "Alfian", "Doni", "Ricky", "Fadli", "Habibi", "Ilham", "Reza",
    "Aldi", "Fikri", "Rafi", "Farhan", "Dafa", "Rendi", "Yoga", "Bayu", "Gilang", "Ikhsan", "Aulia",
    "Randi", "Riki", "Syahrul", "Ma'ruf", "Ridwan", "Jon", "Erwin", "Asril",
];

#[rustfmt::skip]
const FEMALE_NAMES: &[&str] = &[
    "Nur'aini", "Élvi", "Yusnidar", "Rosmaniar", "Erniwati", "Yenni", "Desmawati", "Siti", "Fitri",
    "Rahmawati", "Nurhayati", "Nurmalis", "Jasmaniar", "Zuraida", "Zubaidah", "Ratna", "Wirda",
    "Afnidar", "Dahniar", "Asniar", "Mardiah", "Syamsiar", "Rahmi", "Elfira", "Élfi", "Yeni",
    "Desi", "Ernawati", "Hasnah", "Hayati", "Herlina", "Irawati", "Juliarni", "Kartini", "Lili",
    "Lisnawati", "Marni", "Mariani", "Murni", "Nelly", "Nella", "Nurjanah", "Nursiah", "Rosna",
    "Rosnida", "Roslaini", "Sawiyah", "Sofia", "Suryani", "Syafni", "Syofia", "Upik", "Warni",
    "Yasnimar", "Yulia", "Yusmaniar", "Zaitun", "Zulaikha", "Zurni", "Asmah", "Aisyah", "Anisa",
    "Annisa", "Dewi", "Dian", "Elsa", "Fadhilah", "Fatimah", "Hafizah", "Indah", "Intan",
    "Khadijah", "Laila", "Mega", "Melati", "Nabila", "Nadia", "Nurul", "Putri", "Rani", "Rina",
    "Salsabila", "Sarah", "Sri", "Tari", "Vivi", "Winda", "Yolanda", "Zahra", "Zakiah", "Ulfa",
    "Ummi", "Husna", "Inayah", "Jamilah", "Kamsiah", "Maimunah", "Nuraini", "Nuraina", "Rosmawati",
    "Syarifah", "Wati", "Yetti", "Yusna", "Zainab", "Halimah", "Maryam", "Rukiah", "Sa'diah",
    "Ni'mah", "Noviarni", "Efrida", "Gusnidar", "Hendriani", "Ida", "Jusniar",
];

/// Second names anyone may carry: Arabic names, suku (clan) names, family names.
#[rustfmt::skip]
const SECOND_NAMES: &[&str] = &[
    "Rahman", "Effendi", "Hasibuan", "Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang",
    "Jambak", "Caniago", "Melayu", "Bendang", "Pitopang", "Guci", "Sumagek", "Simabua", "Ali",
    "Akbar", "Alamsyah", "Anwar", "Aziz", "Bakri", "Darwis", "Fauzan", "Firdaus", "Hakim", "Halim",
    "Hamzah", "Harun", "Ikhwan", "Ismail", "Kamil", "Latif", "Mahmud", "Malik", "Mulyadi",
    "Munandar", "Nasution", "Nur", "Rasyid", "Ridho", "Rizki", "Salim", "Syukri", "Yahya", "Yunus",
    "Zulkarnain", "Arifin", "Azhari", "Fadhil", "Gusman", "Hendra", "Irfan", "Jufrizal",
];

/// Second names and adat titles of men.
#[rustfmt::skip]
const MALE_SECOND_NAMES: &[&str] = &[
    "Putra", "Syahputra", "Saputra", "Hidayat", "Kurniawan", "Ramadhan", "Pratama", "Wijaya",
    "Dt. Rajo Nan Gadang", "St. Mangkuto", "St. Pamenan", "Malin Marajo", "Bagindo", "Marah",
    "Sutan",
];

/// Second names of women.
#[rustfmt::skip]
const FEMALE_SECOND_NAMES: &[&str] = &[
    "Putri", "Syahputri", "Saputri", "Hidayati", "Kurniati", "Ramadhani", "Rahmadani", "Yanti",
    "Wati", "Ningsih", "Sari", "Lestari", "Fitria", "Amelia",
];

#[rustfmt::skip]
const STREETS: &[&str] = &[
    "Soekarno Hatta", "Sudirman", "Tan Malaka", "Ahmad Yani", "Imam Bonjol", "Diponegoro",
    "Veteran", "Ade Irma Suryani", "Rasuna Said", "Pahlawan", "Prof. M. Yamin", "Khatib Sulaiman",
    "Bundo Kanduang", "Sutan Syahrir", "M. Hatta", "Pemuda", "Parik Rantang", "Sawah Padang",
    "Koto Nan Gadang", "Ibuah", "Lampasi", "Tanjung Pauh", "Batang Agam", "Ngalau", "Tiakar",
    "Padang Alai", "Kubu Gadang", "Sicincin", "Datuak Parpatiah", "Rohana Kudus", "H. Agus Salim",
    "Gatot Subroto", "Kapten Tantawi", "Rang Kayo Basa", "Balai Nan Duo", "Koto Panjang",
    "Aur Kuning", "Bunian", "Payolansek", "Limau Kapeh", "Air Tabit", "Padang Kaduduak",
    "Tanjuang Gadang", "Kapalo Koto", "Sungai Durian", "Ompang Tanah Sirah", "Bukik Sibaluik",
];

/// How many people a household has, with relative weights (mean ≈ 4).
const HOUSEHOLD_SIZES: &[(usize, u64)] = &[(2, 15), (3, 25), (4, 25), (5, 17), (6, 11), (7, 7)];

/// Who the members after the head and spouse are, with relative weights.
const OTHER_MEMBERS: &[(Relation, u64)] = &[
    (Relation::Child, 80),
    (Relation::Parent, 6),
    (Relation::ParentInLaw, 3),
    (Relation::Grandchild, 5),
    (Relation::ChildInLaw, 2),
    (Relation::OtherRelative, 3),
    (Relation::Other, 1),
];

/// SIAK education codes of adults in poor households, with relative weights.
const ADULT_EDUCATION: &[(u8, u64)] = &[
    (1, 8),
    (2, 15),
    (3, 30),
    (4, 22),
    (5, 17),
    (6, 2),
    (7, 2),
    (8, 3),
    (9, 1),
];

/// SplitMix64: small, fast, and the same everywhere.
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.next() % total;
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        unreachable!("roll is below the total weight")
    }

    /// A date in the years `from..=to`.
    fn date(&mut self, from: i32, to: i32) -> NaiveDate {
        let year = self.between(from as u32, to as u32) as i32;
        let day = self.between(1, 365);
        NaiveDate::from_yo_opt(year, day).expect("day 1..=365 exists in every year")
    }
}

/// A person before their NIK is drawn.
struct Person {
    name: String,
    sex: Sex,
    birth: NaiveDate,
    relation: Relation,
    education: Option<u8>,
}

struct Generator {
    prng: Prng,
    kelurahan: Vec<&'static str>,
    /// Next serial per NIK or KK prefix, so every number is unique.
    serials: HashMap<String, u32>,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Self {
            prng: Prng(seed),
            kelurahan: wilayah::all_kelurahan()
                .iter()
                .map(|k| k.code.as_str())
                .collect(),
            serials: HashMap::new(),
        }
    }

    /// The rows of household number `index`.
    fn household(&mut self, index: usize) -> Vec<[String; 13]> {
        let kelurahan = *self.prng.pick(&self.kelurahan);
        let region = wilayah::nik_district_prefix(kelurahan);
        let recorded = self.prng.date(2005, 2010);
        let kk = self.numbered(format!("{region}{}", ddmmyy(recorded, 0)));
        let rw = self.prng.between(1, 8).to_string();
        let rt = self.prng.between(1, 15).to_string();
        let address = self.address();
        let kps = self.prng.chance(30).then(|| format!("KPS{:09}", index + 1));
        let ppls_id = format!("1376-{:06}", index + 1);
        self.family()
            .into_iter()
            .map(|person| {
                let female_offset = if person.sex == Sex::Female { 40 } else { 0 };
                let nik = self.numbered(format!("{region}{}", ddmmyy(person.birth, female_offset)));
                [
                    ppls_id.clone(),
                    kk.clone(),
                    nik,
                    person.name,
                    person.sex.code().to_owned(),
                    person.birth.to_string(),
                    relation_word(person.relation).to_owned(),
                    person.education.map_or_else(String::new, |e| e.to_string()),
                    kelurahan.to_owned(),
                    rw.clone(),
                    rt.clone(),
                    address.clone(),
                    kps.clone().unwrap_or_default(),
                ]
            })
            .collect()
    }

    /// `prefix` and the next 4-digit serial for it, starting at a random one (never 0000). Unique
    /// while fewer than 9,700 people share a kecamatan, sex and birth date, which no city reaches.
    fn numbered(&mut self, prefix: String) -> String {
        let start = self.prng.between(1, 300);
        let serial = self.serials.entry(prefix.clone()).or_insert(start);
        let number = format!("{prefix}{serial:04}");
        *serial += 1;
        number
    }

    fn address(&mut self) -> String {
        let kind = if self.prng.chance(80) { "Jl." } else { "Gg." };
        let street = self.prng.pick(STREETS);
        let number = self.prng.between(1, 150);
        format!("{kind} {street} No. {number}")
    }

    fn family(&mut self) -> Vec<Person> {
        let size = self.prng.weighted(HOUSEHOLD_SIZES);
        let head_sex = if self.prng.chance(85) {
            Sex::Male
        } else {
            Sex::Female
        };
        let head_birth = self.prng.date(1945, 1985);
        let head = self.person(Relation::Head, head_sex, head_birth);
        let head_year = head.birth.year();
        let mut family = vec![head];
        if head_sex == Sex::Male && self.prng.chance(92) {
            let birth = self.prng.date(head_year - 2, head_year + 8);
            family.push(self.person(Relation::Spouse, Sex::Female, birth));
        }
        while family.len() < size {
            let relation = self.prng.weighted(OTHER_MEMBERS);
            let sex = if self.prng.chance(50) {
                Sex::Male
            } else {
                Sex::Female
            };
            let birth = self.birth_of(relation, head_year);
            family.push(self.person(relation, sex, birth));
        }
        family
    }

    fn birth_of(&mut self, relation: Relation, head_year: i32) -> NaiveDate {
        match relation {
            Relation::Parent | Relation::ParentInLaw => {
                self.prng.date(head_year - 35, head_year - 18)
            }
            Relation::Grandchild => self.prng.date(2003, 2010),
            Relation::Other | Relation::OtherRelative => self.prng.date(1950, 2005),
            _ => self.prng.date((head_year + 18).min(2005), 2010),
        }
    }

    fn person(&mut self, relation: Relation, sex: Sex, birth: NaiveDate) -> Person {
        Person {
            name: self.name(sex),
            sex,
            birth,
            relation,
            education: self.education(birth),
        }
    }

    /// A first name, often followed by a second name (a third of them fitting the sex).
    fn name(&mut self, sex: Sex) -> String {
        let (first_names, second_names) = match sex {
            Sex::Male => (MALE_NAMES, MALE_SECOND_NAMES),
            Sex::Female => (FEMALE_NAMES, FEMALE_SECOND_NAMES),
        };
        let first = self.prng.pick(first_names);
        if !self.prng.chance(65) {
            return (*first).to_owned();
        }
        let second = if self.prng.chance(33) {
            self.prng.pick(second_names)
        } else {
            self.prng.pick(SECOND_NAMES)
        };
        format!("{first} {second}")
    }

    /// Education as of the 2011 census year, by age; sometimes not recorded.
    fn education(&mut self, birth: NaiveDate) -> Option<u8> {
        let age = 2011 - birth.year();
        if self.prng.chance(5) {
            return None;
        }
        Some(match age {
            ..=6 => 1,
            7..=12 => 2,
            13..=15 => self.prng.between(3, 4) as u8,
            16..=18 => self.prng.between(4, 5) as u8,
            _ => self.prng.weighted(ADULT_EDUCATION),
        })
    }
}

/// `ddmmyy` of `date`, with `day_offset` added to the day (40 for women in a NIK).
fn ddmmyy(date: NaiveDate, day_offset: u32) -> String {
    format!(
        "{:02}{:02}{:02}",
        date.day() + day_offset,
        date.month(),
        date.year() % 100
    )
}
