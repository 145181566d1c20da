def test_seeds_import_into_the_database(seeded):
    from statements.models import Statement

    assert Statement.objects.count() == 5
