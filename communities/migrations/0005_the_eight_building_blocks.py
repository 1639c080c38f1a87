"""The eight building blocks of a learning community, which the monitor scores."""

from django.db import migrations

BUILDING_BLOCKS = [
    (1, "Aansprekend doel en gedeelde focus", "Het doel spreekt de leden aan en iedereen weet waar de leergemeenschap zich op richt."),
    (2, "Kennis delen en nieuwe kennis ontwikkelen", "Leden wisselen kennis uit en ontwikkelen samen nieuwe kennis."),
    (3, "Uitdagende gezamenlijke praktijkontwikkeling", "Wat de leden samen ontwikkelen is bruikbaar in hun eigen werk."),
    (4, "Vertrouwen in elkaar", "Leden durven vragen te stellen en werk te delen dat nog niet af is."),
    (5, "Gedeeld eigenaarschap", "Het functioneren van de leergemeenschap is een gedeelde verantwoordelijkheid."),
    (6, "Brede betrokkenheid", "Nieuwsgierigheid, intrinsieke motivatie en plezier."),
    (7, "Facilitering", "De leergemeenschap wordt gefaciliteerd: er is een vorm en structuur opgebouwd."),
    (8, "Kennis vastleggen en zelfevaluatie", "Kennis wordt vastgelegd zodat anderen die kunnen gebruiken, en er is aandacht voor zelfevaluatie."),
]


def create_building_blocks(apps, schema_editor):
    BuildingBlock = apps.get_model("communities", "BuildingBlock")
    for number, name, description in BUILDING_BLOCKS:
        BuildingBlock.objects.get_or_create(
            number=number, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_directory_monitor_harvest")]

    operations = [migrations.RunPython(create_building_blocks, migrations.RunPython.noop)]
