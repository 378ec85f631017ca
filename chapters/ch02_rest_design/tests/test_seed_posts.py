# The three example tests of the Posts API's specification (seed 004), kept exactly
# as the specification writes them: they are the contract this demo must meet.
# (Their style is the seed's; ruff's E712 and formatting are switched off for this file.)

def test_get_posts(client):
    response = client.get('/api/posts')
    assert response.status_code == 200
    assert response.json['success'] == True
    assert 'data' in response.json

def test_create_post_success(client):
    data = {
        'name': 'Test User',
        'username': 'testuser',
        'body': 'Test post content'
    }
    response = client.post('/api/posts', json=data)
    assert response.status_code == 201
    assert response.json['success'] == True

def test_create_post_missing_fields(client):
    data = {'name': 'Test User'}
    response = client.post('/api/posts', json=data)
    assert response.status_code == 400
    assert response.json['success'] == False
