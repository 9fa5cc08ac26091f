package docplanner.gateway.sandbox;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MarketplaceTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  final Random random = new Random(5);

  @Test
  void phoneNumbersHaveEachCountrysMobileFormat() {
    for (int i = 0; i < 200; i++) {
      assertThat(Marketplace.POLAND.phone(random)).matches("\\+48[5-8]\\d{8}");
      assertThat(Marketplace.SPAIN.phone(random)).matches("\\+34[67]\\d{8}");
      assertThat(Marketplace.ITALY.phone(random)).matches("\\+393\\d{9}");
    }
  }

  @Test
  void peselsCarryTheBirthDateSexAndAValidCheckDigit() {
    int[] weights = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1};
    for (int i = 0; i < 200; i++) {
      Marketplace.Person person = Marketplace.POLAND.person(random, TODAY);
      String pesel = Marketplace.pesel(random, person);
      assertThat(pesel).matches("\\d{11}");
      int sum = 0;
      for (int d = 0; d < 11; d++) {
        sum += (pesel.charAt(d) - '0') * weights[d];
      }
      assertThat(sum % 10).as(pesel).isZero();
      assertThat((pesel.charAt(9) - '0') % 2).isEqualTo(person.gender().equals("m") ? 1 : 0);
      assertThat(Integer.parseInt(pesel.substring(4, 6))).isEqualTo(person.birthDate().getDayOfMonth());
    }
  }

  @Test
  void dnisEndInTheLetterOfTheirNumber() {
    for (int i = 0; i < 200; i++) {
      String dni = Marketplace.dni(random);
      assertThat(dni).matches("\\d{8}[A-Z]");
      assertThat(dni.charAt(8)).isEqualTo("TRWAGMYFPDXBNJZSQVHLCKE".charAt(Integer.parseInt(dni.substring(0, 8)) % 23));
    }
  }

  @Test
  void namesEmailsAndNationalIdsLookLocal() {
    Marketplace.Person pole = new Marketplace.Person("Łukasz", "Wiśniewski", "m", LocalDate.of(1985, 1, 1));
    assertThat(Marketplace.email(pole)).isEqualTo("lukasz.wisniewski@example.com");
    Marketplace.Person italian = new Marketplace.Person("Giulia", "De Luca", "f", LocalDate.of(1990, 3, 7));
    assertThat(Marketplace.ITALY.nationalId(random, italian)).matches("DLCGLI90C47[A-Z]\\d{3}[A-Z]");
    for (int i = 0; i < 100; i++) {
      Marketplace.Person person = Marketplace.POLAND.person(random, TODAY);
      if (person.gender().equals("f")) {
        assertThat(person.surname()).doesNotEndWith("ski").doesNotEndWith("cki");
      }
      assertThat(Marketplace.SPAIN.person(random, TODAY).surname()).as("two surnames").contains(" ");
      assertThat(person.birthDate()).isBefore(TODAY);
    }
  }
}
