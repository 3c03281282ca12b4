package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.record.ObjectType;
import org.junit.jupiter.api.Test;

class HeaderBinderTest {

  @Test
  void bind_readsNameAndObject() {
    HeaderBinder.Header header = HeaderBinder.bind(root("name: users\nobject: USER\n"));

    assertThat(header).isEqualTo(new HeaderBinder.Header("users", ObjectType.USER));
  }

  @Test
  void bind_acceptsTheBehaviorTheObjectTypeSupports() {
    assertThat(HeaderBinder.bind(root("name: e\nobject: event\nbehavior: create_only\n")).object())
        .isEqualTo(ObjectType.EVENT);
  }

  @Test
  void bind_refusesAnotherBehavior_quotingItAsWritten() {
    mistake(() -> HeaderBinder.bind(root("name: e\nobject: event\nbehavior: Update_Or_Create\n")), "behavior", 3,
        "Update_Or_Create does not apply to event syncs; event syncs are create_only");
  }

  @Test
  void bind_unknownObjectOrBehavior_listsTheNames() {
    mistake(() -> HeaderBinder.bind(root("name: x\nobject: account\n")), "object", 2,
        "'account' is not an object type; use one of user, device, group, event");
    mistake(() -> HeaderBinder.bind(root("name: x\nobject: user\nbehavior: upsert\n")), "behavior", 3,
        "'upsert' is not a behavior; use update_or_create or create_only");
  }

  @Test
  void bind_nameIsCheckedByTheJobBuilder() {
    mistake(() -> HeaderBinder.bind(root("name: ' x'\nobject: user\n")), "name", 1, "must start with a letter or digit");
    mistake(() -> HeaderBinder.bind(root("object: user\n")), "name", 1, "is missing");
  }
}
