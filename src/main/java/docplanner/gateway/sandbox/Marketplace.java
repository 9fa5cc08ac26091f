package docplanner.gateway.sandbox;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What makes generated data look like one of Docplanner's marketplaces (znanylekarz.pl,
 * doctoralia.es, miodottore.it): time zone, names, streets, post codes, phone numbers, national
 * ids with valid check digits, services and prices. All of it is invented.
 */
enum Marketplace {

  POLAND(ZoneId.of("Europe/Warsaw"),
      List.of("Jan", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Grzegorz"),
      List.of("Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Zofia", "Joanna"),
      List.of("Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
          "Woźniak", "Dąbrowski", "Nowak", "Mazur", "Krawczyk", "Piotrowski", "Grabowski"),
      List.of("ul. Marszałkowska", "ul. Piotrkowska", "al. Jerozolimskie", "ul. Długa", "ul. Floriańska",
          "ul. Świętokrzyska", "ul. Grunwaldzka", "ul. Mickiewicza"),
      List.of("Centrum Medyczne Nova", "Przychodnia Na Woli", "Klinika Słoneczna", "Gabinety Lekarskie Zdrowie",
          "Centrum Diagnostyczne Vita"),
      List.of("Konsultacja kardiologiczna", "USG jamy brzusznej", "Wizyta pediatryczna", "Konsultacja dermatologiczna",
          "Biopsja nerki", "EKG spoczynkowe", "Konsultacja ginekologiczna", "Konsultacja ortopedyczna"),
      100, 400, 10),

  SPAIN(ZoneId.of("Europe/Madrid"),
      List.of("José", "Antonio", "Manuel", "Francisco", "Javier", "David", "Carlos", "Miguel", "Alejandro", "Pablo"),
      List.of("Carmen", "María", "Lucía", "Laura", "Ana", "Isabel", "Marta", "Elena", "Sofía", "Paula"),
      List.of("García", "López", "Martínez", "Sánchez", "Rodríguez", "Fernández", "González", "Pérez", "Gómez",
          "Ruiz", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero"),
      List.of("Calle Mayor", "Calle de Alcalá", "Gran Vía", "Avinguda Diagonal", "Calle de Serrano",
          "Paseo de la Castellana", "Calle de Colón", "Avenida de la Constitución"),
      List.of("Clínica San Rafael", "Centro Médico Salud", "Policlínica del Mar", "Consultorio Médico Sol",
          "Clínica Dental Sonrisa"),
      List.of("Consulta de cardiología", "Ecografía abdominal", "Consulta de pediatría", "Consulta de dermatología",
          "Electrocardiograma", "Consulta de ginecología", "Consulta de traumatología", "Análisis clínicos"),
      40, 150, 5),

  ITALY(ZoneId.of("Europe/Rome"),
      List.of("Giuseppe", "Marco", "Luca", "Francesco", "Alessandro", "Andrea", "Matteo", "Lorenzo", "Davide", "Stefano"),
      List.of("Giulia", "Francesca", "Chiara", "Sara", "Elena", "Valentina", "Alessia", "Martina", "Federica", "Silvia"),
      List.of("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
          "Bruno", "Gallo", "Conti", "De Luca", "Mancini"),
      List.of("Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Via Dante Alighieri", "Piazza Cavour",
          "Via Toledo", "Via del Corso", "Viale Monza"),
      List.of("Poliambulatorio San Marco", "Centro Medico Salus", "Studio Medico Colosseo", "Clinica Santa Lucia",
          "Ambulatorio Specialistico Aurora"),
      List.of("Visita cardiologica", "Ecografia addome completo", "Visita pediatrica", "Visita dermatologica",
          "Elettrocardiogramma", "Visita ginecologica", "Visita ortopedica", "Esami del sangue"),
      60, 180, 5);

  /** A person: given name, surname, gender ("m" or "f") and birth date. */
  record Person(String name, String surname, String gender, LocalDate birthDate) {
  }

  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
  private static final String CF_MONTHS = "ABCDEHLMPRST";
  private static final int[] PESEL_WEIGHTS = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};

  final ZoneId zone;
  private final List<String> maleNames;
  private final List<String> femaleNames;
  private final List<String> surnames;
  final List<String> streets;
  final List<String> facilityNames;
  final List<String> services;
  private final int minPrice;
  private final int maxPrice;
  private final int priceStep;

  Marketplace(ZoneId zone, List<String> maleNames, List<String> femaleNames, List<String> surnames,
              List<String> streets, List<String> facilityNames, List<String> services,
              int minPrice, int maxPrice, int priceStep) {
    this.zone = zone;
    this.maleNames = maleNames;
    this.femaleNames = femaleNames;
    this.surnames = surnames;
    this.streets = streets;
    this.facilityNames = facilityNames;
    this.services = services;
    this.minPrice = minPrice;
    this.maxPrice = maxPrice;
    this.priceStep = priceStep;
  }

  Person person(Random random, LocalDate today) {
    boolean female = random.nextBoolean();
    String name = pick(random, female ? femaleNames : maleNames);
    String surname = switch (this) {
      case POLAND -> polishSurname(pick(random, surnames), female);
      case SPAIN -> pick(random, surnames) + " " + pick(random, surnames); // two surnames
      case ITALY -> pick(random, surnames);
    };
    LocalDate birth = today.minusYears(1 + random.nextInt(85)).minusDays(random.nextInt(365));
    return new Person(name, surname, female ? "f" : "m", birth);
  }

  /** A mobile number in E.164: +48 and 9 digits, +34 and 9 digits (6 or 7 first), +39 and 10 digits (3 first). */
  String phone(Random random) {
    return switch (this) {
      case POLAND -> "+48" + (5 + random.nextInt(4)) + digits(random, 8);
      case SPAIN -> "+34" + (6 + random.nextInt(2)) + digits(random, 8);
      case ITALY -> "+393" + (2 + random.nextInt(8)) + digits(random, 8);
    };
  }

  String postCode(Random random) {
    return switch (this) {
      case POLAND -> String.format(Locale.ROOT, "%02d-%03d", 1 + random.nextInt(99), random.nextInt(1000));
      case SPAIN -> String.format(Locale.ROOT, "%02d%03d", 1 + random.nextInt(52), random.nextInt(1000));
      case ITALY -> String.format(Locale.ROOT, "%05d", 10 + random.nextInt(98_000));
    };
  }

  /** The national id: a PESEL, a DNI or a codice fiscale, consistent with the person. */
  String nationalId(Random random, Person person) {
    return switch (this) {
      case POLAND -> pesel(random, person);
      case SPAIN -> dni(random);
      case ITALY -> codiceFiscale(random, person);
    };
  }

  int price(Random random) {
    int steps = (maxPrice - minPrice) / priceStep;
    return minPrice + priceStep * random.nextInt(steps + 1);
  }

  /** {@code name.surname@example.com}, without accents or spaces. */
  static String email(Person person) {
    return ascii(person.name()) + "." + ascii(person.surname()) + "@example.com";
  }

  static String pick(Random random, List<String> items) {
    return items.get(random.nextInt(items.size()));
  }

  static String digits(Random random, int count) {
    StringBuilder out = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }

  private static String polishSurname(String base, boolean female) {
    if (!female) {
      return base;
    }
    if (base.endsWith("ski") || base.endsWith("cki") || base.endsWith("dzki")) {
      return base.substring(0, base.length() - 1) + "a";
    }
    return base;
  }

  /** PESEL: YYMMDD (month +20 after 2000), serial, sex digit (even female), check digit. */
  static String pesel(Random random, Person person) {
    LocalDate b = person.birthDate();
    int month = b.getMonthValue() + (b.getYear() >= 2000 ? 20 : 0);
    int sex = random.nextInt(5) * 2 + (person.gender().equals("m") ? 1 : 0);
    String first = String.format(Locale.ROOT, "%02d%02d%02d%s%d", b.getYear() % 100, month, b.getDayOfMonth(),
        digits(random, 3), sex);
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      sum += (first.charAt(i) - '0') * PESEL_WEIGHTS[i];
    }
    return first + (10 - sum % 10) % 10;
  }

  /** DNI: 8 digits and the letter of their remainder modulo 23. */
  static String dni(Random random) {
    int number = 10_000_000 + random.nextInt(89_999_999);
    return number + String.valueOf(DNI_LETTERS.charAt(number % 23));
  }

  /** A codice fiscale in its real layout (surname, name, birth date, a town code, a check letter). */
  private static String codiceFiscale(Random random, Person person) {
    LocalDate b = person.birthDate();
    int day = b.getDayOfMonth() + (person.gender().equals("f") ? 40 : 0);
    String body = letters(person.surname()) + letters(person.name())
        + String.format(Locale.ROOT, "%02d", b.getYear() % 100) + CF_MONTHS.charAt(b.getMonthValue() - 1)
        + String.format(Locale.ROOT, "%02d", day)
        + (char) ('A' + random.nextInt(26)) + String.format(Locale.ROOT, "%03d", 1 + random.nextInt(999));
    return body + (char) ('A' + random.nextInt(26));
  }

  /** Three letters of a name as the codice fiscale takes them: consonants first, then vowels, then X. */
  private static String letters(String name) {
    String upper = ascii(name).toUpperCase(Locale.ROOT);
    StringBuilder consonants = new StringBuilder();
    StringBuilder vowels = new StringBuilder();
    for (char c : upper.toCharArray()) {
      if ("AEIOU".indexOf(c) >= 0) {
        vowels.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        consonants.append(c);
      }
    }
    return (consonants.append(vowels).append("XXX")).substring(0, 3);
  }

  private static String ascii(String text) {
    String stripped = Normalizer.normalize(text.replace("ł", "l").replace("Ł", "L"), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "");
    return stripped.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }
}
