print("chronik")
