@echo off
rem Nhap dup vao tep nay de tong hop quy vua ket thuc (hoac keo tha thu muc lam viec vao day).
rem Double-click: consolidate the quarter that has just ended.
chcp 65001 >nul
set PYTHONUTF8=1
cd /d "%~dp0"
if "%~1"=="" (
  python "%~dp0consolidate.py"
) else (
  python "%~dp0consolidate.py" - "%~1"
)
set RC=%ERRORLEVEL%
echo.
if "%RC%"=="0" echo Xong: du lieu day du.
if "%RC%"=="1" echo Xong, nhung con don vi chua nop hoac con loi: xem tom tat o tren.
if "%RC%"=="2" echo Khong chay duoc: xem thong bao o tren.
pause
exit /b %RC%
