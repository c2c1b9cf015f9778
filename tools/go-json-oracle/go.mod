module gojsonoracle

go 1.19
