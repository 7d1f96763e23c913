def test_the_demo_agreement_page_opens_for_the_coordinator(client_as, laholm):
    response = client_as("samordnare").get(f"/overenskommelser/{laholm.pk}/")
    assert response.status_code == 200
    assert "Kommunen äger ordförandeskapet." in response.content.decode()
